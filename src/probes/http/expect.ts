/**
 * A watch's expectations of the final response (status range, body text, latency), as findings:
 * the diagnosis, and so the incident's root cause, says which one failed.
 */
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import type { HopResponse } from './hop.js';
import { reasonPhrase, statusFindings } from './judge.js';
import type { HttpDetail, HttpExpect } from './types.js';

/** Status (when a range is set) and body (when a text is set) of the response that ends the chain. */
export function expectFindings(expect: HttpExpect, url: URL, res: HopResponse): Finding[] {
  const out: Finding[] = [];
  const range = expect.status;
  if (range) {
    const [min, max] = range;
    if (res.status < min || res.status > max) {
      if (res.status >= 500) out.push(...statusFindings(url, res));
      else {
        const reason = reasonPhrase(res);
        out.push(
          finding(
            'HTTP_STATUS_UNEXPECTED',
            `${url.href} answered ${res.status}${reason ? ` ${reason}` : ''}; the watch expects ${min === max ? min : `${min}–${max}`}`,
          ),
        );
      }
    }
  }
  if (expect.body !== undefined && res.body !== undefined) {
    if (!res.body.toString('utf8').includes(expect.body)) {
      out.push(
        finding(
          'HTTP_BODY_MISMATCH',
          `${url.href} answered ${res.status} without ${JSON.stringify(clip(expect.body))} in its body (${res.bodyBytes} bytes read)`,
        ),
      );
    }
  }
  return out;
}

/** HTTP_SLOW when the exchange took longer than `maxMs` (only when a response arrived). */
export function slowFinding(maxMs: number, detail: HttpDetail): Finding | null {
  if (detail.status === null || detail.timings.totalMs <= maxMs) return null;
  const t = detail.timings;
  return finding(
    'HTTP_SLOW',
    `${detail.url} took ${t.totalMs} ms, over the watch's ${maxMs} ms (resolve ${t.resolveMs}, connect ${t.connectMs}, tls ${t.tlsMs}, processing ${t.processingMs}, transfer ${t.transferMs} ms)`,
  );
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
