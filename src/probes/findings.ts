/** Longer than our ~300-line rule on purpose: the finding catalogue, a data table (docs/findings.md is made from it). */
import type { Finding, FindingArgs, Severity } from './types.js';

interface CatalogueEntry {
  severity: Severity;
  /** One line: what the code means. */
  meaning: string;
  /** The default action for a person; a probe may give a more specific one. */
  hint: string;
  /** The probe could not diagnose the target: the result is "error/unknown", not a verdict. */
  inconclusive?: true;
}

/**
 * The public contract of finding codes (docs/findings.md is generated from this table).
 * Codes are stable: never rename one, never give one a second meaning.
 */
export const FINDINGS = {
  // --- reaching the host (shared by cert and http) ---
  DNS_FAILED: {
    severity: 'fail',
    meaning: 'The host name could not be resolved to an address.',
    hint: 'Check the DNS records for the name (`wx dns <name>` compares resolvers).',
  },
  CONNECT_REFUSED: {
    severity: 'fail',
    meaning: 'The TCP connection was refused or reset: nothing listens on that address and port.',
    hint: 'Check that the service is running, listens on this port and that firewalls or security groups allow it.',
  },
  CONNECT_TIMEOUT: {
    severity: 'fail',
    meaning: 'The TCP connection was not established before the deadline.',
    hint: 'Check firewalls, security groups and routing towards the address; a dropped SYN looks like this.',
  },
  ADDRESS_BLOCKED: {
    severity: 'fail',
    meaning:
      'The address guard refused to connect: the name resolves to a loopback, private, link-local or otherwise internal address.',
    hint: 'Probe a public name, or ask an operator to allow-list the range (WX_PROBE_ALLOW) or run the CLI locally.',
    inconclusive: true,
  },
  PROBE_ERROR: {
    severity: 'fail',
    meaning: 'The probe itself failed unexpectedly; this says nothing about the target.',
    hint: 'Re-run with --json and report the message to the wxdoctor maintainers.',
    inconclusive: true,
  },
  // --- TLS and certificates ---
  TLS_HANDSHAKE_FAILED: {
    severity: 'fail',
    meaning:
      'The TLS handshake failed (alert from the server, no common protocol or cipher, or not TLS at all).',
    hint: 'Check that the port serves TLS and that the server offers TLS 1.2 or 1.3 with modern ciphers.',
  },
  TLS_TIMEOUT: {
    severity: 'fail',
    meaning: 'The TCP connection opened but the TLS handshake did not finish before the deadline.',
    hint: 'The server accepts connections but does not speak TLS on this port, or is overloaded.',
  },
  TLS_LEGACY_PROTOCOL: {
    severity: 'warn',
    meaning: 'The server still accepts TLS 1.0 or TLS 1.1.',
    hint: 'Disable TLS 1.0 and 1.1 (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`).',
  },
  TLS_WEAK_KEY_EXCHANGE: {
    severity: 'fail',
    meaning:
      'The key exchange the server chooses is one current clients refuse: finite-field DHE with a group under 2048 bits, an export-grade, NULL or anonymous suite, or a curve under 256 bits as its only choice.',
    hint: 'Offer ECDHE suites (nginx: `ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;`); if DHE must stay, use a 2048-bit or larger group (`openssl dhparam 2048`).',
  },
  CERT_EXPIRED: {
    severity: 'fail',
    meaning: 'The leaf certificate has expired.',
    hint: 'Renew the certificate and reload the server; clients, WeChat servers included, refuse it.',
  },
  CERT_EXPIRING: {
    severity: 'warn',
    meaning: 'The leaf certificate expires within the warning window (--warn-days, default 30).',
    hint: 'Renew the certificate now and check that the renewal is deployed to every server.',
  },
  CERT_NOT_YET_VALID: {
    severity: 'fail',
    meaning: "The leaf certificate's notBefore is in the future.",
    hint: "Check the server's and the issuer's clocks, or wait until the certificate becomes valid.",
  },
  CERT_HOSTNAME_MISMATCH: {
    severity: 'fail',
    meaning: 'The certificate does not cover the host name that was asked for.',
    hint: 'Serve a certificate whose SAN list includes the name, or check SNI/virtual-host configuration.',
  },
  CERT_SELF_SIGNED: {
    severity: 'fail',
    meaning: 'The leaf certificate is self-signed.',
    hint: 'Replace it with a certificate from a public CA (for example Let’s Encrypt).',
  },
  CERT_UNTRUSTED: {
    severity: 'fail',
    meaning: 'The chain ends at a root that is not in the trust store.',
    hint: 'Use a certificate from a publicly trusted CA, or pass the private root with --ca for internal services.',
  },
  CHAIN_INCOMPLETE: {
    severity: 'fail',
    meaning:
      'The server does not send an intermediate certificate that the chain needs. Browsers may hide this by fetching it via AIA; WeChat servers and most API clients do not.',
    hint: 'Serve the full chain: leaf then intermediates (nginx: fullchain.pem, not cert.pem).',
  },
  CHAIN_ORDER: {
    severity: 'warn',
    meaning:
      'The server sends its chain out of order, or with certificates that do not belong to it.',
    hint: 'Send the leaf first, then each issuer in turn; drop unrelated certificates.',
  },
  CHAIN_HAS_ROOT: {
    severity: 'info',
    meaning: 'The server sends the root certificate too; clients ignore it, it only costs bytes.',
    hint: 'Optional: drop the root from the served chain.',
  },
  INTERMEDIATE_EXPIRING: {
    severity: 'warn',
    meaning: 'A certificate of the chain other than the leaf expires within the warning window.',
    hint: 'Fetch the current intermediate from your CA and serve it; renewing the leaf alone may not replace it.',
  },
  INTERMEDIATE_EXPIRED: {
    severity: 'fail',
    meaning:
      'A certificate of the chain other than the leaf has expired. A sent one the valid path does not need (a stale or cross-signed copy) is only a warning: old clients that follow the chain as sent take it and fail.',
    hint: "Replace the expired intermediate with your CA's current one in the served chain.",
  },
  CERT_WEAK_SIGNATURE: {
    severity: 'fail',
    meaning: 'A certificate of the chain is signed with SHA-1 or MD5.',
    hint: 'Reissue the certificate with a SHA-256 (or stronger) signature.',
  },
  CERT_WEAK_KEY: {
    severity: 'fail',
    meaning: 'A certificate of the chain has a weak key (RSA below 2048 bits, EC below 256 bits).',
    hint: 'Reissue with an RSA-2048+ or ECDSA P-256+ key.',
  },
  CERT_REVOKED: {
    severity: 'fail',
    meaning: 'The certificate is revoked according to OCSP.',
    hint: 'Deploy a newly issued certificate; a revoked one is refused by clients that check.',
  },
  CERT_MUST_STAPLE_MISSING: {
    severity: 'fail',
    meaning:
      'The leaf carries the TLS Feature extension with status_request (OCSP Must-Staple) but the server staples no OCSP response; Firefox refuses the connection.',
    hint: 'Enable OCSP stapling (nginx: `ssl_stapling on; ssl_stapling_verify on;` and a resolver), or get a certificate without Must-Staple.',
  },
  REVOCATION_UNCHECKED: {
    severity: 'info',
    meaning:
      'Revocation could not be checked: no stapled OCSP response and the AIA responder was missing or unreachable.',
    hint: 'Enable OCSP stapling (nginx: `ssl_stapling on;`) so clients need not ask the CA.',
  },
  CERT_PIN_MISMATCH: {
    severity: 'fail',
    meaning:
      'The certificate is outside the pins: no certificate on its path is issued by a pinned CA, or no key on its path is a pinned key.',
    hint: 'If you changed CA or key on purpose, update the pins (watches file `pin:`, `--pin-issuer`, `--pin-spki`); otherwise find out who issued this certificate and where it is served: a proxy or a rogue CA may be in the path.',
  },
  CERT_ISSUER_CHANGED: {
    severity: 'warn',
    meaning:
      'A watched server now serves a certificate from another CA or CA chain than before, or another key with the same validity period (not a renewal).',
    hint: 'Confirm that the change was yours (a CA migration, a new CDN); otherwise check DNS and the path to the server for a man in the middle. Acknowledging the incident accepts the new CA as the usual one.',
  },
  CERT_CAA_MISMATCH: {
    severity: 'warn',
    meaning:
      "The name's CAA records (RFC 8659) do not allow the CA that issued the certificate: it should not have issued it, or the records changed since.",
    hint: 'Add the CA to the CAA records (for example `0 issue "letsencrypt.org"`) or move to a CA they allow before the next renewal; if the records are right, find out how this certificate was issued.',
  },
  CERT_CAA_NONE: {
    severity: 'info',
    meaning: 'The name and its parent domains have no CAA records: any CA may issue for it.',
    hint: 'Optional: publish CAA records naming your CA(s) (`0 issue "letsencrypt.org"`) so that no other CA issues for the name.',
  },
  // --- DNS ---
  DNS_NXDOMAIN: {
    severity: 'fail',
    meaning:
      'A resolver says the name does not exist (NXDOMAIN). When other resolvers answer it, it exists there and is missing only on the ones named.',
    hint: 'Check the spelling and that the record exists in the authoritative zone; if other resolvers answer it, the failing ones hold a stale negative cache (it expires with the SOA minimum TTL), see a split view, or the zone has not propagated to them.',
  },
  DNS_CNAME_LOOP: {
    severity: 'fail',
    meaning:
      'The CNAME chain returns to a name already on it (RFC 1034 §3.6.2), so it never reaches an address.',
    hint: 'Fix the CNAME records named in the message so that the chain ends at a name with the records asked for.',
  },
  DNS_SERVFAIL: {
    severity: 'fail',
    meaning:
      'A resolver answered SERVFAIL: it could not get an answer from the authoritative servers.',
    hint: 'Check the zone’s authoritative servers and DNSSEC signatures (an expired RRSIG often shows as SERVFAIL).',
  },
  DNS_REFUSED: {
    severity: 'fail',
    meaning:
      'A resolver refused the query, or answered another error rcode (FORMERR, NOTIMP…) named in the message.',
    hint: 'The resolver does not serve you (ACL or not recursive); use another resolver.',
  },
  DNS_TIMEOUT: {
    severity: 'fail',
    meaning: 'A resolver did not answer before the deadline.',
    hint: 'Check reachability of the resolver (UDP/TCP 53) and of the zone’s authoritative servers.',
  },
  DNS_UNREACHABLE: {
    severity: 'fail',
    meaning:
      'A resolver could not be asked at all: the connection was refused or the network is unreachable.',
    hint: 'Check that the resolver address is right and that UDP/TCP 53 to it is open from here.',
  },
  DNS_NO_ANSWER: {
    severity: 'warn',
    meaning: 'The name exists but has no record of the requested type.',
    hint: 'Add the record, or ask for another type (--type).',
  },
  DNS_SINKHOLE: {
    severity: 'fail',
    meaning:
      'Every answer of a resolver for a public name is 0.0.0.0, ::, a loopback or another address no public service has: a filtering resolver (a blocked name), a hosts-file entry or a bad record. A warning when other resolvers give routable addresses; cert and http do not connect to such an address.',
    hint: 'If other resolvers answer normally, take the name off the filtering resolver’s block list or use another resolver; if none does, fix the A/AAAA record in the zone.',
  },
  DNS_PARTIAL_FAILURE: {
    severity: 'warn',
    meaning: 'Some resolvers answer, others fail.',
    hint: 'Users behind the failing resolvers cannot reach the name; check the failing ones from their network.',
  },
  DNS_INCONSISTENT: {
    severity: 'warn',
    meaning:
      'Resolvers return different answer sets. GeoDNS and CDNs make this legitimate; a stale record or a half-finished migration does not.',
    hint: 'Compare who said what; if no GeoDNS/CDN is involved, check the zone and wait out old TTLs.',
  },
  DNS_UNEXPECTED_ANSWER: {
    severity: 'fail',
    meaning:
      'A resolver answers with records other than those the watch expects (`expect:`): a hijacked or changed record, a stale zone, or a migration not finished.',
    hint: 'Compare who said what with the records you published; if the change is intended, update the watch’s `expect:`.',
  },
  // --- HTTP ---
  HTTP_5XX: {
    severity: 'fail',
    meaning: 'The endpoint answered with a 5xx status.',
    hint: 'Check the application and upstream logs; 502/504 usually mean the proxy cannot reach the application.',
  },
  HTTP_4XX: {
    severity: 'warn',
    meaning: 'The endpoint answered with a 4xx status.',
    hint: 'Check the path, authentication and access rules of the endpoint.',
  },
  HTTP_TIMEOUT: {
    severity: 'fail',
    meaning: 'The HTTP response did not arrive before the deadline.',
    hint: 'The server accepts the request but answers slowly or never; check application latency and upstreams.',
  },
  HTTP_BAD_RESPONSE: {
    severity: 'fail',
    meaning:
      'The connection opened but no valid HTTP response came back: reset, closed early, or not HTTP.',
    hint: 'Check that the port speaks the scheme of the URL (HTTP vs HTTPS) and the server’s error log.',
  },
  HTTP_REDIRECT_LOOP: {
    severity: 'fail',
    meaning: 'The redirects loop or exceed the redirect limit.',
    hint: 'Check rewrite rules: an http→https redirect behind a TLS-terminating proxy is the classic loop.',
  },
  HTTP_INSECURE_REDIRECT: {
    severity: 'fail',
    meaning:
      'An https:// URL redirects to plain http:// (at any hop): the request leaves TLS and can be read or changed on the way.',
    hint: 'Redirect to the https:// URL; behind a TLS-terminating proxy, make the application see the original scheme (X-Forwarded-Proto).',
  },
  HTTP_STATUS_UNEXPECTED: {
    severity: 'fail',
    meaning:
      'The final response’s status is outside the range the watch expects (default 200–299), and is not a 5xx (that is HTTP_5XX).',
    hint: 'Check what the endpoint answers now (`wx http <url>`): a moved path, a login page or a maintenance redirect look like this; or widen the watch’s `status:` range.',
  },
  HTTP_BODY_MISMATCH: {
    severity: 'fail',
    meaning:
      'The final response’s body (its first MiB) does not contain the text the watch expects (`body:`).',
    hint: 'An error page served with 200, a stale cache or a different deployment behind the URL: compare what the endpoint returns now with what the watch expects.',
  },
  HTTP_SLOW: {
    severity: 'warn',
    meaning:
      'The whole exchange (every redirect, connect, TLS, first byte and body) took longer than the watch’s latency threshold (`maxMs:`).',
    hint: 'Look at `detail.timings`: resolve, connect and tls point at the network or DNS; processing at the application or its upstreams.',
  },
  HTTP_NO_HSTS: {
    severity: 'info',
    meaning:
      'HSTS is off for the final response: an HTTPS answer (status below 400) without Strict-Transport-Security, a header that is invalid (ignored by browsers) or says max-age=0 (disables HSTS), or one sent over plain HTTP (ignored).',
    hint: 'Add `Strict-Transport-Security: max-age=31536000` once every subdomain serves HTTPS.',
  },
  HTTP_CACHEABLE_API: {
    severity: 'info',
    meaning:
      'An API response that a shared cache (CDN, reverse proxy) may store and serve without asking the origin: Cache-Control says `public` or `s-maxage` (with a lifetime above 0 and no `no-store`, `private` or `no-cache`), or there is no Cache-Control at all. "API" means the request carried credentials (Authorization or Cookie header, or `access_token`, `token`, `key`, `api_key`, `apikey` or `signature` in the query), the path starts with /api, /apis, /cgi-bin, /graphql, /rest, /openapi or a version such as /v1.',
    hint: 'Send `Cache-Control: no-store` (or `private, no-cache`) on API responses, and make the CDN bypass its cache for API paths.',
  },
  // --- CDN edges (the same URL from several regions) ---
  CDN_STALE_EDGE: {
    severity: 'warn',
    meaning:
      'Regions get different copies of the same URL: an edge serves an older Last-Modified, a different ETag than the most recently fetched copy, or (with no validator to compare) a much larger Age. The named regions serve the stale copy.',
    hint: 'Purge or refresh the URL on the CDN (all edges), and check the cache rules: an API path should not be cached at the edge.',
  },
  // --- WeChat / WeCom API (`wx token`, `wx ip`, `wx quota`, `wx rid`, `wx callback-check`, `wx api-domains`) ---
  WX_TOKEN_OK: {
    severity: 'info',
    meaning:
      'The platform issued an access_token for the app (stable_token for WeChat, gettoken for WeCom).',
    hint: 'Nothing to do: appid/corpid, secret and IP whitelist are accepted.',
  },
  WX_INVALID_APPID: {
    severity: 'fail',
    meaning: 'The platform rejected the AppID / CorpID (40013).',
    hint: 'Check the appid/corpId of this alias in WX_CONFIG for typos, whitespace and case.',
  },
  WX_INVALID_SECRET: {
    severity: 'fail',
    meaning:
      'The platform rejected the AppSecret / corpsecret (40125, or 40001/40091 on the token call).',
    hint: 'The secret was probably reset: copy the current one from the console into the env var the alias references.',
  },
  WX_IP_NOT_WHITELISTED: {
    severity: 'fail',
    meaning: 'The caller’s IP is not in the app’s IP whitelist (WeChat 40164/61004, WeCom 60020).',
    hint: 'Add the IP the platform saw (in the message) to the IP whitelist (WeChat) or Trusted IPs (WeCom).',
  },
  WX_QUOTA_EXCEEDED: {
    severity: 'fail',
    meaning: 'The daily call quota of the API is used up (45009).',
    hint: 'Find the caller that loops (`wx quota <alias> <cgi_path>`); clear_quota only if justified: it is limited to 10 a month.',
  },
  WX_RATE_LIMITED: {
    severity: 'warn',
    meaning: 'The per-minute call limit was hit (45011).',
    hint: 'Wait for the next minute and slow the caller down.',
  },
  WX_SYSTEM_BUSY: {
    severity: 'warn',
    meaning: 'The platform answered "system busy" (-1): transient on its side.',
    hint: 'Retry with backoff (at most 3 times); if it persists, try another API domain (`wx api-domains`).',
  },
  WX_API_UNAUTHORIZED: {
    severity: 'fail',
    meaning: 'The account or app is not authorised for this API (WeChat 48001, WeCom 48002).',
    hint: 'Check the token type (Official Account vs Mini Program vs component) and that the API is enabled for the account or app.',
  },
  WX_TOKEN_REJECTED: {
    severity: 'fail',
    meaning:
      'A freshly fetched access_token was refused as invalid or expired (40001/40014/42001).',
    hint: 'Something else rotates the token (a cgi-bin/token caller): use stable_token and one token owner; check the clock.',
  },
  WX_API_ERROR: {
    severity: 'fail',
    meaning: 'The platform answered with another error code.',
    hint: 'See `wx errcode <code>` for its meaning and remedy; quote the rid to the platform’s support.',
  },
  WX_UNREACHABLE: {
    severity: 'fail',
    meaning:
      'The API origin could not be reached (DNS, connect, TLS or a missing answer); the finding below says which.',
    hint: 'Check egress firewall and proxy towards the API origin; `wx api-domains` finds a domain to fail over to.',
  },
  WX_BAD_RESPONSE: {
    severity: 'fail',
    meaning: 'The API origin answered, but not with the JSON the platform returns.',
    hint: 'A proxy or gateway in between answers instead of the platform: check WECHAT_API_URL / wecom.apiUrl and the proxy.',
  },
  WX_UNKNOWN_APP: {
    severity: 'fail',
    meaning: 'No WeChat/WeCom app is configured with that alias.',
    hint: 'Use a configured alias (`wechat.apps.<alias>` / `wecom.apps.<alias>` in WX_CONFIG).',
    inconclusive: true,
  },
  WX_APP_SECRET_UNSET: {
    severity: 'fail',
    meaning:
      'The app’s secret references an environment variable that is not set where this runs; the other apps are not affected.',
    hint: 'Set the variable named in the message in the environment of the worker (or of `wx`), then retry.',
    inconclusive: true,
  },
  WX_OP_UNSUPPORTED: {
    severity: 'info',
    meaning:
      'The platform of this app has no API for the operation (quota, rid and callback-check are WeChat-only).',
    hint: 'Use a WeChat (Official Account / Mini Program) app alias for this operation.',
    inconclusive: true,
  },
  WX_EGRESS_IP: {
    severity: 'info',
    meaning: 'The IP the platform sees the server’s calls coming from.',
    hint: 'This is the IP the whitelist must contain.',
  },
  WX_EGRESS_IP_UNKNOWN: {
    severity: 'info',
    meaning: 'The platform accepted the calls but did not name the IP it saw.',
    hint: 'Compare with your NAT gateway’s public IP; whitelisting works since the calls were accepted.',
  },
  WX_QUOTA_OK: {
    severity: 'info',
    meaning: 'Daily quota of the API, with plenty left.',
    hint: 'Nothing to do.',
  },
  WX_QUOTA_LOW: {
    severity: 'warn',
    meaning: 'Less than 10% of the API’s daily quota is left.',
    hint: 'Find what calls the API this often before it runs out (45009); cache answers where you can.',
  },
  WX_RID_FOUND: {
    severity: 'info',
    meaning: 'What the platform recorded for a rid: time, caller IP, request and answer.',
    hint: 'client_ip is the IP to compare with the whitelist; the answer’s errcode tells what failed (`wx errcode`).',
  },
  WX_RID_NOT_FOUND: {
    severity: 'warn',
    meaning:
      'The platform has no record of the rid (76001): older than 7 days, or from another account.',
    hint: 'rids are kept 7 days and only the account that made the call can look them up.',
  },
  WX_CALLBACK_CHECK_OK: {
    severity: 'info',
    meaning: 'The platform’s network check resolved the callback domain and reached it.',
    hint: 'Nothing to do: from this operator, WeChat reaches the callback server.',
  },
  WX_CALLBACK_CHECK_DNS_EMPTY: {
    severity: 'fail',
    meaning: 'The platform’s network check resolved the callback domain to no address.',
    hint: 'Check the callback domain’s DNS from China (`wx dns <domain>`): NXDOMAIN, split horizon or stale records.',
  },
  WX_CALLBACK_CHECK_PING_LOSS: {
    severity: 'warn',
    meaning: 'The platform’s ping of the callback server lost packets (one ping per address).',
    hint: 'ICMP may simply be filtered; if callbacks fail too, check routing from that operator and the firewall.',
  },
  WX_CALLBACK_NOT_CONFIGURED: {
    severity: 'fail',
    meaning: 'The account has no (valid) callback URL configured (40201).',
    hint: 'Configure the server URL in the console (开发 › 基本配置 › 服务器配置).',
  },
  WX_API_DOMAIN_OK: {
    severity: 'info',
    meaning: 'The primary WeChat API domain answers over DNS, TLS and HTTP.',
    hint: 'Nothing to do.',
  },
  WX_API_DOMAIN_UNREACHABLE: {
    severity: 'warn',
    meaning: 'A failover WeChat API domain could not be reached.',
    hint: 'Do not fail over to it; check egress firewall rules and DNS for that name.',
  },
  WX_API_FAILOVER: {
    severity: 'fail',
    meaning: 'The primary WeChat API domain is unreachable; another one answers.',
    hint: 'Fail over to the recommended domain; check /etc/hosts pins and proxy DNS caches of old IPs.',
  },
  WX_API_DOMAINS_UNREACHABLE: {
    severity: 'fail',
    meaning: 'None of the WeChat API domains could be reached.',
    hint: 'Check outbound connectivity, firewall and proxy from this server to *.weixin.qq.com.',
  },
  // --- several regions (`--from`): comparing what each region's worker saw ---
  REGION_MISMATCH: {
    severity: 'warn',
    meaning:
      'Regions see the target differently (DNS answers, the address served, HTTP status, certificate or reachability). A failure when one region fails and another is fine.',
    hint: 'Fix what the failing region is served: its resolver or GeoDNS record, its CDN edge or load balancer (the address named), a certificate not renewed on that edge, or the route from that region.',
  },
  REGION_NO_ANSWER: {
    severity: 'warn',
    meaning:
      "A region's worker did not answer within the probe's deadline plus a margin; this says nothing about the target from there.",
    hint: "Check that region's worker (`/wx regions` shows when it was last seen, its /healthz its state) and its access to Redis.",
  },
} as const satisfies Record<string, CatalogueEntry>;

export type FindingCode = keyof typeof FINDINGS;

export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

/**
 * A finding with the catalogue's severity and hint unless the probe has a more specific one.
 * `args` (and `variant`, when the code has several message shapes) let other languages say the
 * message; without them a translation falls back to the code's meaning.
 */
export function finding(
  code: FindingCode,
  message: string,
  overrides: { hint?: string; severity?: Severity; args?: FindingArgs; variant?: string } = {},
): Finding {
  const entry: CatalogueEntry = FINDINGS[code];
  return {
    code,
    severity: overrides.severity ?? entry.severity,
    message,
    hint: overrides.hint ?? entry.hint,
    ...(overrides.args ? { args: overrides.args } : {}),
    ...(overrides.variant ? { variant: overrides.variant } : {}),
  };
}

export function isInconclusive(code: FindingCode): boolean {
  const entry: CatalogueEntry = FINDINGS[code];
  return entry.inconclusive === true;
}
