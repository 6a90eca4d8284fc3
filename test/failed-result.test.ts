import assert from 'node:assert/strict';
import { it } from 'node:test';
import { failedResult, type ProbeRequest } from '../src/probes/index.js';
import { renderResult } from '../src/render/terminal.js';

const requests: Array<[ProbeRequest, string]> = [
  [{ probe: 'cert', spec: { host: '::1', port: 8443, warnDays: 30 } }, '[::1]:8443'],
  [
    { probe: 'dns', spec: { name: 'example.com', type: 'CAA', resolvers: ['system'] } },
    'example.com CAA',
  ],
  [{ probe: 'http', spec: { url: 'https://example.com/', resolve: [] } }, 'https://example.com/'],
];

for (const [request, target] of requests) {
  it(`a ${request.probe} probe that did not finish is a well-formed PROBE_ERROR result`, () => {
    const r = failedResult(request, 'worker died', () => new Date('2026-11-27T00:00:00Z'));
    assert.equal(r.probe, request.probe);
    assert.equal(r.target, target);
    assert.equal(r.status, 'error');
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ['PROBE_ERROR'],
    );
    assert.match(r.findings[0]?.message ?? '', /worker died/);
    assert.equal(r.startedAt, '2026-11-27T00:00:00.000Z');
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
    assert.match(renderResult(r, { colour: false }), new RegExp(`^ERROR ${request.probe} `));
  });
}
