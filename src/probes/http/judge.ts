import { STATUS_CODES } from 'node:http';
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import type { HopResponse } from './hop.js';
import { parseSts } from './hsts.js';

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
  const args = { url: url.href, status: statusLine(res) };
  if (res.status >= 500)
    return [finding('HTTP_5XX', `${url.href} answered ${statusLine(res)}`, { args })];
  if (res.status >= 400)
    return [finding('HTTP_4XX', `${url.href} answered ${statusLine(res)}`, { args })];
  return [];
}

/**
 * HTTP_NO_HSTS when the final response leaves HSTS off: an https answer (status below 400)
 * without the header, any answer whose header is invalid or says max-age=0, and a plain-http
 * answer that sends one (browsers ignore it there).
 */
export function hstsFindings(url: URL, res: HopResponse): Finding[] {
  const header = res.headers['strict-transport-security'];
  const fields = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const [first] = fields;
  const host = url.hostname;
  if (url.protocol !== 'https:') {
    if (first === undefined) return [];
    return [
      finding(
        'HTTP_NO_HSTS',
        `${url.href} is plain HTTP: browsers ignore its Strict-Transport-Security header (RFC 6797 §8.1), so it sets no HSTS`,
        {
          hint: `Redirect to https:// and send the header on the HTTPS response of ${host}.`,
          args: { url: url.href, host },
          variant: 'plain-http',
        },
      ),
    ];
  }
  if (first === undefined) {
    // Servers commonly add HSTS to successful answers only (nginx add_header without `always`),
    // so an error page without it says nothing about the site's HSTS.
    if (res.status >= 400) return [];
    return [
      finding(
        'HTTP_NO_HSTS',
        `${url.href} answered ${statusLine(res)} without a Strict-Transport-Security header`,
        { args: { url: url.href, status: statusLine(res) }, variant: 'missing' },
      ),
    ];
  }
  // A header that is present is processed whatever the status, so judge it on error pages too.
  const sts = parseSts(first);
  // RFC 6797 §8.1: with several fields, only the first counts.
  const which =
    fields.length > 1
      ? ` (the first of ${fields.length} such headers, the only one browsers read)`
      : '';
  if (!sts.valid) {
    return [
      finding(
        'HTTP_NO_HSTS',
        `${url.href} sends an invalid Strict-Transport-Security header${which}, ${JSON.stringify(first)}: ${sts.problem}; browsers ignore an invalid header (RFC 6797 §6.1), so HSTS is off`,
        {
          hint: 'Send exactly one header of the form `max-age=31536000; includeSubDomains`.',
          args: { url: url.href, header: JSON.stringify(first), problem: sts.problem },
          variant: 'invalid',
        },
      ),
    ];
  }
  if (sts.maxAge === 0) {
    return [
      finding(
        'HTTP_NO_HSTS',
        `${url.href} sends Strict-Transport-Security: max-age=0${which}, which disables HSTS (RFC 6797 §6.1.1): browsers delete the HSTS policy they hold for ${host}`,
        {
          hint: 'max-age=0 is only for withdrawing HSTS on purpose; otherwise set `max-age=31536000`.',
          args: { url: url.href, host },
          variant: 'max-age-0',
        },
      ),
    ];
  }
  return [];
}
