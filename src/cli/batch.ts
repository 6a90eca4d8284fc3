import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pLimit from 'p-limit';
import { type Plan, UsageError } from '../../commands/index.js';
import type { AnyProbeResult, ProbeRequest } from '../probes/index.js';
import type { Status } from '../probes/types.js';
import { worst } from '../probes/verdict.js';
import { renderResult } from '../render/terminal.js';
import type { CliIO } from './main.js';

type ProbePlan = Extract<Plan, { kind: 'probes' }>;

/**
 * `--file`: one target a line (blank lines and `#` comments skipped), `concurrency` probes at
 * once, each result printed as it finishes. A bad line is reported on stderr and counts as error.
 */
export async function runBatch(
  p: ProbePlan,
  b: NonNullable<ProbePlan['batch']>,
  run: (r: ProbeRequest) => Promise<AnyProbeResult>,
  io: CliIO,
): Promise<Status> {
  const limit = pLimit(b.concurrency);
  const statuses: Status[] = [];
  const pending: Array<Promise<void>> = [];
  const input = b.file === '-' ? io.stdin : createReadStream(b.file);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('error', reject);
    if (b.file === '-') resolve();
    else input.once('open', () => resolve());
  });
  try {
    await opened;
  } catch (err) {
    io.stderr.write(
      `wx: --file ${b.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
    );
    return 'error';
  }
  let lineNo = 0;
  for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNo++;
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    let req: ProbeRequest;
    try {
      req = b.request(line);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.stderr.write(`wx: ${b.file}:${lineNo}: ${err.message}\n`);
      statuses.push('error');
      continue;
    }
    pending.push(
      limit(async () => {
        const r = await run(req);
        statuses.push(r.status);
        io.stdout.write(p.json ? `${JSON.stringify(r)}\n` : renderResult(r, io));
      }),
    );
  }
  await Promise.all(pending);
  return worst(statuses);
}
