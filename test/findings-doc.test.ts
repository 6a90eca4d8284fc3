import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { FINDING_CODES } from '../src/probes/findings.js';
import { findingsMarkdown } from '../src/render/findings-doc.js';

const doc = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');

it('docs/findings.md is generated from the catalogue (npm run docs:findings)', () => {
  assert.equal(doc, findingsMarkdown());
});

it('docs/findings.md lists every code with a meaning and a hint', () => {
  for (const code of FINDING_CODES) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    assert.ok(row, `${code} is missing`);
    const cells = row.split(' | ');
    assert.equal(cells.length, 4, `${code}: code, severity, meaning, hint`);
    assert.ok(
      cells.every((c) => c.replace(/[|`\s]/g, '').length > 0),
      `${code} has an empty cell`,
    );
  }
});
