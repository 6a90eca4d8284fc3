import { STATUS_CODES } from 'node:http';
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import type { HopResponse } from './hop.js';

/** The reason phrase the server sent, or the standard one when it sent none. */
export function reasonPhrase(res: HopResponse): string {
  return res.statusText || STATUS_CODES[res.status] || '';
}

function statusLine(res: HopResponse): string {
  const reason = reasonPhrase(res);
  return reason ? `${res.status} ${reason}` : String(res.status);
}

/** HTTP_5XX / HTTP_4XX for the response that ends the chain. */
export function statusFindings(url: URL, res: HopResponse): Finding[] {
  if (res.status >= 500) return [finding('HTTP_5XX', `${url.href} answered ${statusLine(res)}`)];
  if (res.status >= 400) return [finding('HTTP_4XX', `${url.href} answered ${statusLine(res)}`)];
  return [];
}

/** HTTP_NO_HSTS for a final https response without Strict-Transport-Security. */
export function hstsFindings(url: URL, res: HopResponse): Finding[] {
  // Servers commonly add HSTS to successful answers only (nginx add_header without `always`), so
  // an error page without it says nothing about the site's HSTS.
  if (url.protocol !== 'https:' || res.status >= 400 || res.headers['strict-transport-security']) {
    return [];
  }
  return [
    finding(
      'HTTP_NO_HSTS',
      `${url.href} answered ${statusLine(res)} without a Strict-Transport-Security header`,
    ),
  ];
}
