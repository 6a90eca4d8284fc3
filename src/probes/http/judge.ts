import { STATUS_CODES } from 'node:http';
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import type { HopResponse } from './hop.js';

/** "503 Service Unavailable", with the standard phrase when the server sent none. */
export function statusLine(res: HopResponse): string {
  const reason = res.statusText || STATUS_CODES[res.status] || '';
  return reason ? `${res.status} ${reason}` : String(res.status);
}

/** Findings about the response that ends the chain. */
export function judgeFinalResponse(url: URL, res: HopResponse): Finding[] {
  const out: Finding[] = [];
  if (res.status >= 500) {
    out.push(finding('HTTP_5XX', `${url.href} answered ${statusLine(res)}`));
  } else if (res.status >= 400) {
    out.push(finding('HTTP_4XX', `${url.href} answered ${statusLine(res)}`));
  }
  // Servers commonly add HSTS to successful answers only (nginx add_header without `always`), so
  // an error page without it says nothing about the site's HSTS.
  if (url.protocol === 'https:' && res.status < 400 && !res.headers['strict-transport-security']) {
    out.push(
      finding(
        'HTTP_NO_HSTS',
        `${url.href} answered ${statusLine(res)} without a Strict-Transport-Security header`,
      ),
    );
  }
  return out;
}
