import type { FindingCode } from '../probes/findings.js';

export interface FindingWords {
  meaning: string;
  hint: string;
}

/** The catalogue (src/probes/findings.ts) in zh-CN; a code without an entry does not compile. */
export const FINDINGS_ZH_CN: Record<FindingCode, FindingWords> = {
  DNS_FAILED: {
    meaning: '主机名无法解析为地址。',
    hint: '检查该域名的 DNS 记录（`wx dns <name>` 可对比各解析器的结果）。',
  },
  CONNECT_REFUSED: {
    meaning: 'TCP 连接被拒绝或被重置：该地址和端口上没有服务在监听。',
    hint: '检查服务是否运行、是否监听此端口，以及防火墙或安全组是否放行。',
  },
  CONNECT_TIMEOUT: {
    meaning: 'TCP 连接在超时前未能建立。',
    hint: '检查到该地址的防火墙、安全组和路由；SYN 被丢弃时就是这种表现。',
  },
  ADDRESS_BLOCKED: {
    meaning: '地址防护拒绝连接：该域名解析到回环、私有、链路本地或其他内网地址。',
    hint: '请探测公网域名，或请管理员将该网段加入白名单（WX_PROBE_ALLOW），或在本地运行 CLI。',
  },
  PROBE_ERROR: {
    meaning: '探测程序自身意外出错；这与目标无关。',
    hint: '加 --json 重新运行，并将错误信息反馈给 wxdoctor 维护者。',
  },
  TLS_HANDSHAKE_FAILED: {
    meaning: 'TLS 握手失败（服务器发出告警、没有共同的协议或加密套件，或该端口根本不是 TLS）。',
    hint: '检查该端口是否提供 TLS，且服务器支持 TLS 1.2 或 1.3 及现代加密套件。',
  },
  TLS_TIMEOUT: {
    meaning: 'TCP 连接已建立，但 TLS 握手在超时前未完成。',
    hint: '服务器接受连接但此端口不说 TLS，或服务器过载。',
  },
  TLS_LEGACY_PROTOCOL: {
    meaning: '服务器仍接受 TLS 1.0 或 TLS 1.1。',
    hint: '禁用 TLS 1.0 和 1.1（nginx：`ssl_protocols TLSv1.2 TLSv1.3;`）。',
  },
  TLS_WEAK_KEY_EXCHANGE: {
    meaning:
      '服务器选择的密钥交换是当前客户端拒绝的：小于 2048 位的有限域 DHE 群，或仅支持出口级、NULL、匿名套件或小于 256 位的椭圆曲线。',
    hint: '启用 ECDHE 套件（nginx：`ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;`）；如必须保留 DHE，请使用 2048 位或更大的群（`openssl dhparam 2048`）。',
  },
  CERT_EXPIRED: {
    meaning: '叶子证书已过期。',
    hint: '续期证书并重载服务；客户端（包括微信服务器）会拒绝过期证书。',
  },
  CERT_EXPIRING: {
    meaning: '叶子证书将在告警窗口内过期（--warn-days，默认 30 天）。',
    hint: '立即续期证书，并确认新证书已部署到每一台服务器。',
  },
  CERT_NOT_YET_VALID: {
    meaning: '叶子证书的 notBefore 在未来，尚未生效。',
    hint: '检查服务器和签发方的时钟，或等待证书生效。',
  },
  CERT_HOSTNAME_MISMATCH: {
    meaning: '证书不包含所请求的主机名。',
    hint: '部署 SAN 列表包含该域名的证书，或检查 SNI / 虚拟主机配置。',
  },
  CERT_SELF_SIGNED: {
    meaning: '叶子证书是自签名证书。',
    hint: '替换为公共 CA 签发的证书（例如 Let’s Encrypt）。',
  },
  CERT_UNTRUSTED: {
    meaning: '证书链的根证书不在信任库中。',
    hint: '使用公共可信 CA 签发的证书；内部服务可用 --ca 指定私有根证书。',
  },
  CHAIN_INCOMPLETE: {
    meaning:
      '服务器没有发送证书链所需的中间证书。浏览器可能通过 AIA 自动补全而掩盖问题，微信服务器和大多数 API 客户端不会。',
    hint: '部署完整证书链：叶子证书在前，随后是中间证书（nginx：用 fullchain.pem，而不是 cert.pem）。',
  },
  CHAIN_ORDER: {
    meaning: '服务器发送的证书链顺序错误，或包含不属于该链的证书。',
    hint: '先发送叶子证书，再依次发送各级签发者证书；删除无关证书。',
  },
  CHAIN_HAS_ROOT: {
    meaning: '服务器还发送了根证书；客户端会忽略它，只是多占字节。',
    hint: '可选：从下发的证书链中去掉根证书。',
  },
  INTERMEDIATE_EXPIRING: {
    meaning: '证书链中某张非叶子证书将在告警窗口内过期。',
    hint: '从 CA 获取当前的中间证书并部署；只续期叶子证书可能不会替换它。',
  },
  INTERMEDIATE_EXPIRED: {
    meaning:
      '证书链中某张非叶子证书已过期。若这张下发的证书并非有效路径所需（旧的或交叉签名的副本），则只是警告：按下发顺序构建证书链的旧客户端会用到它并失败。',
    hint: '在下发的证书链中用 CA 当前的中间证书替换已过期的那张。',
  },
  CERT_WEAK_SIGNATURE: {
    meaning: '证书链中有证书使用 SHA-1 或 MD5 签名。',
    hint: '重新签发使用 SHA-256（或更强）签名的证书。',
  },
  CERT_WEAK_KEY: {
    meaning: '证书链中有证书使用弱密钥（RSA 小于 2048 位，EC 小于 256 位）。',
    hint: '使用 RSA-2048 及以上或 ECDSA P-256 及以上的密钥重新签发。',
  },
  CERT_REVOKED: {
    meaning: '根据 OCSP，该证书已被吊销。',
    hint: '部署新签发的证书；会检查吊销状态的客户端将拒绝已吊销的证书。',
  },
  CERT_MUST_STAPLE_MISSING: {
    meaning:
      '叶子证书带有 TLS Feature 扩展（status_request，即 OCSP Must-Staple），但服务器没有装订 OCSP 响应；Firefox 会拒绝连接。',
    hint: '开启 OCSP 装订（nginx：`ssl_stapling on; ssl_stapling_verify on;` 并配置 resolver），或改用不带 Must-Staple 的证书。',
  },
  REVOCATION_UNCHECKED: {
    meaning: '无法检查吊销状态：没有 OCSP 装订响应，且 AIA 中的 OCSP 服务缺失或不可达。',
    hint: '开启 OCSP 装订（nginx：`ssl_stapling on;`），客户端就无需向 CA 查询。',
  },
  CERT_PIN_MISMATCH: {
    meaning:
      '证书不在固定（pin）范围内：其证书路径上没有由固定的 CA 签发的证书，或没有固定的公钥。',
    hint: '如果是有意更换了 CA 或密钥，请更新固定设置（监控文件中的 `pin:`、`--pin-issuer`、`--pin-spki`）；否则请查明是谁签发了该证书、它在哪里被提供：路径上可能有代理或恶意 CA。',
  },
  CERT_ISSUER_CHANGED: {
    meaning:
      '被监控的服务器现在提供的证书来自与之前不同的 CA 或 CA 链，或者换了公钥但有效期未变（不是续期）。',
    hint: '确认这次变更是你们自己做的（更换 CA、启用新 CDN）；否则请检查 DNS 以及到服务器的网络路径是否存在中间人。确认（Acknowledge）该事件即接受新的 CA 为常用 CA。',
  },
  CERT_CAA_MISMATCH: {
    meaning:
      '该域名的 CAA 记录（RFC 8659）不允许签发此证书的 CA：该 CA 本不应签发，或记录在签发后被修改。',
    hint: '把该 CA 加入 CAA 记录（例如 `0 issue "letsencrypt.org"`），或在下次续期前换用记录允许的 CA；如果记录无误，请查明该证书是如何签发的。',
  },
  CERT_CAA_NONE: {
    meaning: '该域名及其上级域名都没有 CAA 记录：任何 CA 都可以为它签发证书。',
    hint: '可选：发布列出你们所用 CA 的 CAA 记录（`0 issue "letsencrypt.org"`），其他 CA 就不会为该域名签发证书。',
  },
  DNS_NXDOMAIN: {
    meaning:
      '解析器返回该域名不存在（NXDOMAIN）。若其他解析器能解析它，则说明它在那些解析器上存在，只是在所列解析器上缺失。',
    hint: '检查拼写，并确认权威区域中存在该记录；若其他解析器能解析，失败的解析器可能缓存了过期的否定应答（按 SOA 最小 TTL 过期）、处于分区解析（split view），或区域尚未同步到它们。',
  },
  DNS_CNAME_LOOP: {
    meaning: 'CNAME 链回到了链上已出现过的域名（RFC 1034 §3.6.2），永远得不到地址。',
    hint: '修正消息中列出的 CNAME 记录，使链条终止于拥有所查询记录的域名。',
  },
  DNS_SERVFAIL: {
    meaning: '解析器返回 SERVFAIL：无法从权威服务器获得应答。',
    hint: '检查该区域的权威服务器和 DNSSEC 签名（RRSIG 过期常表现为 SERVFAIL）。',
  },
  DNS_REFUSED: {
    meaning: '解析器拒绝了查询，或返回了其他错误码（FORMERR、NOTIMP…，见消息）。',
    hint: '该解析器不为你提供服务（ACL 限制或不支持递归）；请换用其他解析器。',
  },
  DNS_TIMEOUT: {
    meaning: '解析器在超时前未应答。',
    hint: '检查到解析器（UDP/TCP 53）以及到该区域权威服务器的连通性。',
  },
  DNS_UNREACHABLE: {
    meaning: '根本无法向解析器发起查询：连接被拒绝或网络不可达。',
    hint: '检查解析器地址是否正确，以及从这里到它的 UDP/TCP 53 是否放通。',
  },
  DNS_NO_ANSWER: {
    meaning: '该域名存在，但没有所请求类型的记录。',
    hint: '添加该记录，或查询其他类型（--type）。',
  },
  DNS_SINKHOLE: {
    meaning:
      '某解析器对公网域名的应答全部是 0.0.0.0、::、回环地址或其他公网服务不可能使用的地址：解析器在过滤该域名、hosts 文件中有该条目，或记录本身有误。若其他解析器返回可路由地址，则为警告；cert 和 http 探测不会连接这类地址。',
    hint: '若其他解析器应答正常，请将该域名移出过滤解析器的拦截列表或换用其他解析器；若都如此，请修正区域中的 A/AAAA 记录。',
  },
  DNS_PARTIAL_FAILURE: {
    meaning: '部分解析器有应答，部分失败。',
    hint: '使用失败解析器的用户无法访问该域名；请从他们的网络检查这些解析器。',
  },
  DNS_INCONSISTENT: {
    meaning:
      '各解析器返回的记录集不同。GeoDNS 和 CDN 会造成合理差异；过期记录或未完成的迁移则不正常。',
    hint: '对比各解析器的结果；若未使用 GeoDNS/CDN，检查区域配置并等待旧记录 TTL 过期。',
  },
  DNS_UNEXPECTED_ANSWER: {
    meaning:
      '有解析器返回的记录与监控期望的不同（`expect:`）：记录被劫持或被修改、区域数据过期，或迁移尚未完成。',
    hint: '对比各解析器的结果与你发布的记录；若变更是有意的，请更新监控的 `expect:`。',
  },
  HTTP_5XX: {
    meaning: '接口返回了 5xx 状态码。',
    hint: '检查应用和上游日志；502/504 通常表示代理无法连到应用。',
  },
  HTTP_4XX: {
    meaning: '接口返回了 4xx 状态码。',
    hint: '检查接口的路径、鉴权和访问规则。',
  },
  HTTP_TIMEOUT: {
    meaning: 'HTTP 响应在超时前未返回。',
    hint: '服务器接受了请求但响应很慢或不响应；检查应用延迟和上游服务。',
  },
  HTTP_BAD_RESPONSE: {
    meaning: '连接已建立，但没有返回有效的 HTTP 响应：连接被重置、提前关闭，或不是 HTTP。',
    hint: '检查该端口的协议是否与 URL 一致（HTTP 还是 HTTPS），并查看服务器错误日志。',
  },
  HTTP_REDIRECT_LOOP: {
    meaning: '重定向形成循环或超过重定向次数上限。',
    hint: '检查重写规则：在终结 TLS 的代理后面做 http→https 跳转是典型的循环原因。',
  },
  HTTP_INSECURE_REDIRECT: {
    meaning: 'https:// 地址（在任一跳）重定向到了明文 http://：请求离开 TLS，途中可被窃听或篡改。',
    hint: '改为重定向到 https:// 地址；若由终结 TLS 的代理转发，需让应用拿到原始协议（X-Forwarded-Proto）。',
  },
  HTTP_NO_HSTS: {
    meaning:
      '最终响应没有生效的 HSTS：HTTPS 响应（状态码小于 400）没有 Strict-Transport-Security 头，或该头格式无效（浏览器会忽略），或为 max-age=0（关闭 HSTS），或通过明文 HTTP 发送（浏览器会忽略）。',
    hint: '在所有子域名都支持 HTTPS 后，添加 `Strict-Transport-Security: max-age=31536000`。',
  },
  HTTP_CACHEABLE_API: {
    meaning:
      '共享缓存（CDN、反向代理）可以存储并直接返回的接口响应，不再回源：Cache-Control 为 `public` 或带 `s-maxage`（有效期大于 0，且没有 `no-store`、`private` 或 `no-cache`），或完全没有 Cache-Control。“接口”指：请求带有凭据（Authorization 或 Cookie 头，或查询参数中有 `access_token`、`token`、`key`、`api_key`、`apikey` 或 `signature`），路径以 /api、/apis、/cgi-bin、/graphql、/rest、/openapi 或版本号（如 /v1）开头。',
    hint: '接口响应应发送 `Cache-Control: no-store`（或 `private, no-cache`），并让 CDN 对接口路径不缓存、直接回源。',
  },
  CDN_STALE_EDGE: {
    meaning:
      '各地区拿到的同一 URL 内容不同：某个节点返回的 Last-Modified 更旧、ETag 与最近回源的副本不同，或（无校验字段可比时）Age 大得多。所列地区返回的是过期副本。',
    hint: '在 CDN 上刷新（清除）该 URL 的缓存（所有节点），并检查缓存规则：接口路径不应在边缘节点缓存。',
  },
  HTTP_STATUS_UNEXPECTED: {
    meaning:
      '最终响应的状态码不在监控期望的范围内（默认 200–299），且不是 5xx（5xx 为 HTTP_5XX）。',
    hint: '查看接口现在返回什么（`wx http <url>`）：路径变更、登录页或维护跳转都会这样；或放宽监控的 `status:` 范围。',
  },
  HTTP_BODY_MISMATCH: {
    meaning: '最终响应的正文（前 1 MiB）不包含监控期望的文本（`body:`）。',
    hint: '以 200 返回的错误页、过期缓存或 URL 后面换了部署：对比接口现在的返回与监控期望的内容。',
  },
  HTTP_SLOW: {
    meaning: '整个请求（所有重定向、连接、TLS、首字节和正文）耗时超过监控的延迟阈值（`maxMs:`）。',
    hint: '查看 `detail.timings`：resolve、connect、tls 偏高说明网络或 DNS 有问题；processing 偏高说明应用或其上游慢。',
  },
  WX_TOKEN_OK: {
    meaning: '平台已为该应用签发 access_token（微信用 stable_token，企业微信用 gettoken）。',
    hint: '无需处理：appid/corpid、secret 和 IP 白名单均已通过。',
  },
  WX_INVALID_APPID: {
    meaning: '平台拒绝了 AppID / CorpID（40013）。',
    hint: '检查 WX_CONFIG 中该别名的 appid/corpId 是否有拼写错误、空格或大小写问题。',
  },
  WX_INVALID_SECRET: {
    meaning: '平台拒绝了 AppSecret / corpsecret（40125，或获取 token 时的 40001/40091）。',
    hint: 'secret 可能已被重置：从管理后台复制当前 secret，填入该别名引用的环境变量。',
  },
  WX_IP_NOT_WHITELISTED: {
    meaning: '调用方 IP 不在应用的 IP 白名单中（微信 40164/61004，企业微信 60020）。',
    hint: '将平台看到的 IP（见消息）加入 IP白名单（微信）或 企业可信IP（企业微信）。',
  },
  WX_QUOTA_EXCEEDED: {
    meaning: '该接口的每日调用额度已用完（45009）。',
    hint: '找出循环调用的来源（`wx quota <alias> <cgi_path>`）；clear_quota 每月仅限 10 次，确有必要再用。',
  },
  WX_RATE_LIMITED: {
    meaning: '触发了每分钟调用频率限制（45011）。',
    hint: '等到下一分钟再调用，并降低调用方的频率。',
  },
  WX_SYSTEM_BUSY: {
    meaning: '平台返回“系统繁忙”（-1）：平台侧的临时问题。',
    hint: '退避重试（最多 3 次）；若持续出现，换用其他 API 域名（`wx api-domains`）。',
  },
  WX_API_UNAUTHORIZED: {
    meaning: '账号或应用没有该接口的权限（微信 48001，企业微信 48002）。',
    hint: '检查 token 类型（公众号、小程序还是第三方平台），并确认账号或应用已开通该接口权限。',
  },
  WX_TOKEN_REJECTED: {
    meaning: '刚获取的 access_token 被判定为无效或已过期（40001/40014/42001）。',
    hint: '有其他程序在刷新 token（调用了 cgi-bin/token）：改用 stable_token 并只保留一个 token 管理方；检查时钟。',
  },
  WX_API_ERROR: {
    meaning: '平台返回了其他错误码。',
    hint: '用 `wx errcode <code>` 查看含义和处理方法；联系平台客服时请提供 rid。',
  },
  WX_UNREACHABLE: {
    meaning: '无法访问 API 源站（DNS、连接、TLS 或无应答），具体原因见下一条。',
    hint: '检查到 API 源站的出口防火墙和代理；`wx api-domains` 可找到可切换的域名。',
  },
  WX_BAD_RESPONSE: {
    meaning: 'API 源站有应答，但不是平台返回的 JSON。',
    hint: '中间的代理或网关代替平台作了应答：检查 WECHAT_API_URL / wecom.apiUrl 和代理配置。',
  },
  WX_UNKNOWN_APP: {
    meaning: '没有以该别名配置的微信/企业微信应用。',
    hint: '使用已配置的别名（WX_CONFIG 中的 `wechat.apps.<alias>` / `wecom.apps.<alias>`）。',
  },
  WX_APP_SECRET_UNSET: {
    meaning: '该应用的密钥引用的环境变量在此处未设置；其他应用不受影响。',
    hint: '在 worker（或 `wx`）的环境中设置消息中指出的变量，然后重试。',
  },
  WX_OP_UNSUPPORTED: {
    meaning: '该应用所在平台没有此操作的接口（quota、rid 和 callback-check 仅支持微信）。',
    hint: '此操作请使用微信（公众号 / 小程序）应用的别名。',
  },
  WX_EGRESS_IP: {
    meaning: '平台看到的本服务器调用的来源 IP。',
    hint: 'IP 白名单中必须包含这个 IP。',
  },
  WX_EGRESS_IP_UNKNOWN: {
    meaning: '平台接受了调用，但没有给出它看到的 IP。',
    hint: '可与 NAT 网关的公网 IP 对比；调用已被接受，说明白名单配置有效。',
  },
  WX_QUOTA_OK: {
    meaning: '该接口的每日额度，余量充足。',
    hint: '无需处理。',
  },
  WX_QUOTA_LOW: {
    meaning: '该接口的每日额度剩余不足 10%。',
    hint: '在额度耗尽（45009）前找出频繁调用该接口的程序；能缓存的结果尽量缓存。',
  },
  WX_RID_FOUND: {
    meaning: '平台为该 rid 记录的信息：时间、调用方 IP、请求和应答。',
    hint: 'client_ip 是要与白名单对比的 IP；应答中的 errcode 说明失败原因（`wx errcode`）。',
  },
  WX_RID_NOT_FOUND: {
    meaning: '平台没有该 rid 的记录（76001）：超过 7 天，或属于其他账号。',
    hint: 'rid 仅保留 7 天，且只有发起调用的账号才能查询。',
  },
  WX_CALLBACK_CHECK_OK: {
    meaning: '平台的网络检测已解析并访问到回调域名。',
    hint: '无需处理：从该运营商网络，微信可以访问回调服务器。',
  },
  WX_CALLBACK_CHECK_DNS_EMPTY: {
    meaning: '平台的网络检测未能把回调域名解析到任何地址。',
    hint: '从国内检查回调域名的 DNS（`wx dns <domain>`）：NXDOMAIN、分区解析或过期记录。',
  },
  WX_CALLBACK_CHECK_PING_LOSS: {
    meaning: '平台 ping 回调服务器时出现丢包（每个地址 ping 一次）。',
    hint: '可能只是 ICMP 被过滤；如果回调也失败，检查该运营商的路由和防火墙。',
  },
  WX_CALLBACK_NOT_CONFIGURED: {
    meaning: '该账号没有配置（有效的）回调 URL（40201）。',
    hint: '在管理后台配置服务器地址（开发 › 基本配置 › 服务器配置）。',
  },
  WX_API_DOMAIN_OK: {
    meaning: '微信 API 主域名的 DNS、TLS 和 HTTP 均正常。',
    hint: '无需处理。',
  },
  WX_API_DOMAIN_UNREACHABLE: {
    meaning: '某个微信 API 备用域名无法访问。',
    hint: '不要切换到该域名；检查出口防火墙规则和该域名的 DNS。',
  },
  WX_API_FAILOVER: {
    meaning: '微信 API 主域名不可达，其他域名可用。',
    hint: '切换到推荐的域名；检查 /etc/hosts 中的固定解析和代理缓存的旧 IP。',
  },
  WX_API_DOMAINS_UNREACHABLE: {
    meaning: '所有微信 API 域名都无法访问。',
    hint: '检查本服务器到 *.weixin.qq.com 的出站连通性、防火墙和代理。',
  },
  REGION_MISMATCH: {
    meaning:
      '各地区看到的目标不一致（DNS 应答、提供服务的地址、HTTP 状态码、证书或可达性）。一个地区失败而另一个地区正常时判为失败。',
    hint: '修复出问题地区所用的部分：它的解析器或智能 DNS 记录、它的 CDN 节点或负载均衡（即列出的地址）、该节点上未更新的证书，或该地区的网络路由。',
  },
  REGION_NO_ANSWER: {
    meaning: '某地区的 worker 未在探测时限（加上余量）内应答；这与目标在该地区的状况无关。',
    hint: '检查该地区的 worker（`/wx regions` 显示其最后在线时间，/healthz 显示其状态）以及它到 Redis 的连接。',
  },
};
