/**
 * The layer rules of .dependency-cruiser.cjs (run over the real tree by `npm run layers`) catch
 * what they promise: shown here on small trees written to a temp folder, cruised with the project's
 * own config.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Writes the files (path → source) and returns the names of the rules they break. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wx-layers-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  const roots = [...new Set(Object.keys(files).map((p) => p.split('/')[0] ?? p))];
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      DEPCRUISE,
      [...roots, '--config', CONFIG, '--output-type', 'json'],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
      // depcruise exits non-zero when it finds violations: the JSON on stdout is what counts.
      (err, stdout) => (stdout ? resolve(stdout) : reject(err)),
    );
  });
  const result = JSON.parse(out) as { summary: { violations: Array<{ rule: { name: string } }> } };
  return [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();
}

const ok = 'export const x = 1;\n';

describe('layer rules', () => {
  it('a tree that imports only downward passes', async () => {
    assert.deepEqual(
      await violations({
        'src/chat/front.ts': "import { x } from '../queue/submit.js';\nexport const y = x;\n",
        'src/queue/submit.ts': "import { x } from '../probes/run.js';\nexport { x };\n",
        'src/probes/run.ts': ok,
        'src/model/index.ts': "import type { X } from '../probes/types.js';\nexport type Y = X;\n",
        'src/probes/types.ts': 'export type X = number;\n',
      }),
      [],
    );
  });

  it('the probe library importing the project is refused', async () => {
    const found = await violations({
      'src/probes/run.ts': "import { x } from '../tokens/cache.js';\nexport { x };\n",
      'src/tokens/cache.ts': ok,
    });
    assert.ok(found.includes('probes-are-a-library'), found.join());
    assert.ok(found.includes('no-upward-from-src-probes'), found.join());
  });

  it('an upward import between layers is refused, type-only included', async () => {
    const found = await violations({
      'src/store/threads.ts': "import type { X } from '../chat/types.js';\nexport type Y = X;\n",
      'src/chat/types.ts': 'export type X = string;\n',
    });
    assert.ok(found.includes('no-upward-from-src-store'), found.join());
    assert.ok(found.includes('chat-stays-in-its-edge'), found.join());
  });

  it('two rooms of one layer may not import each other (a folder loop)', async () => {
    const found = await violations({
      'src/queue/a.ts': "import type { B } from '../store/b.js';\nexport type A = B;\n",
      'src/store/b.ts': "import type { A } from '../queue/a.js';\nexport type B = A | 1;\n",
    });
    assert.deepEqual(found, ['no-upward-from-src-store']);
  });

  it('the queue wires no job processor', async () => {
    const found = await violations({
      'src/queue/workers.ts': "import { x } from '../../jobs/probe.js';\nexport { x };\n",
      'jobs/probe.ts': ok,
    });
    assert.ok(found.includes('queue-runs-no-job'), found.join());
  });

  it('a runtime import cycle between files is refused', async () => {
    const found = await violations({
      'src/render/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/render/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    assert.deepEqual(found, ['no-circular']);
  });

  it('the ground floor takes only the types of probe results', async () => {
    const found = await violations({
      'src/model/index.ts': "import { run } from '../probes/run.js';\nexport const r = run;\n",
      'src/probes/run.ts': 'export const run = 1;\n',
    });
    assert.deepEqual(found, ['model-takes-only-probe-types']);
  });
});
