import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pLimit from 'p-limit';
import { type Plan, UsageError } from '../../commands/types.js';
import { usageInLang } from '../i18n/usage-zh-CN.js';
import type { AnyProbeResult, ProbeRequest } from '../probes/index.js';
import type { Status } from '../probes/types.js';
import { worst } from '../probes/verdict.js';
import { BatchTally, problemLine, progressText, summaryText } from '../render/batch-summary.js';
import { renderResult } from '../render/terminal.js';
import { writeError } from './error-line.js';
import type { CliIO } from './main.js';
import { ProgressLine } from './progress.js';

type ProbePlan = Extract<Plan, { kind: 'probes' }>;

/**
 * `--file`: one target a line (blank lines and `#` comments skipped), `concurrency` probes at
 * once, each result printed as it finishes (with `--summary`, one line per target that is not ok),
 * then a closing summary; JSON output is the results alone. A bad line is reported on stderr and
 * counts as error. On a terminal, a progress line on stderr.
 */
export async function runBatch(
  p: ProbePlan,
  b: NonNullable<ProbePlan['batch']>,
  run: (r: ProbeRequest) => Promise<AnyProbeResult>,
  io: CliIO,
): Promise<Status> {
  const limit = pLimit(b.concurrency);
  const tally = new BatchTally();
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
    await writeError(
      io,
      `--file ${b.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
    return 'error';
  }
  const progress = new ProgressLine(io.stderr, io.progress === true);
  let queued = 0;
  let reading = true;
  const status = () => progressText(tally, queued, reading, io.lang);
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
      const message = `wx: ${b.file}:${lineNo}: ${usageInLang(err.message, io.lang ?? 'en')}\n`;
      progress.around(() => io.stderr.write(message), status);
      tally.unreadable++;
      continue;
    }
    queued++;
    pending.push(
      limit(async () => {
        const r = await run(req);
        tally.add(r);
        const text = p.json
          ? `${JSON.stringify(r)}\n`
          : b.summary
            ? r.status === 'ok'
              ? ''
              : problemLine(r, io)
            : renderResult(r, io);
        if (text) progress.around(() => io.stdout.write(text), status);
        // The last one is always shown, so the line ends on the full count before it goes.
        progress.show(status(), !reading && tally.done === queued);
      }),
    );
  }
  reading = false;
  progress.show(status(), true);
  await Promise.all(pending);
  progress.clear();
  if (!p.json) io.stdout.write(`${b.summary ? '' : '\n'}${summaryText(tally, io)}`);
  const statuses: Status[] = (['ok', 'warn', 'fail', 'error'] as const).filter(
    (s) => tally.byStatus[s] > 0,
  );
  return worst(tally.unreadable > 0 ? [...statuses, 'error'] : statuses);
}
