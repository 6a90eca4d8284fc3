/**
 * Finding messages in zh-CN, by code and variant (`default` when the probe gives none), filled
 * from the finding's args (finding-template.ts). A code or variant without a template is said
 * with its catalogue meaning (findings-zh-CN.ts): new codes need no entry here to be Chinese.
 */
import type { FindingCode } from '../probes/findings.js';
import type { MessageTemplate, ValueWords } from './finding-template.js';

export const ZH_VALUE_WORDS: ValueWords = {
  span(value) {
    const m = /^(\d+)([dh])$/.exec(value);
    if (m) return `${m[1]} ${m[2] === 'd' ? '天' : '小时'}`;
    return value === '<1h' ? '不到 1 小时' : value;
  },
};

const CERT_PROBE_POINTER = ' 运行 `wx cert {host}` 可查看完整的证书链分析。';

/** Shapes any code can take (the http probe reports every TLS failure of the connection so). */
export const COMMON_ZH_CN: Record<string, MessageTemplate> = {
  handshake: {
    message: '与 {host} 的 TLS 握手失败：`{why}`',
    hint: `{catalogueHint}${CERT_PROBE_POINTER}`,
  },
};

export const FINDING_MESSAGES_ZH_CN: Partial<Record<FindingCode, Record<string, MessageTemplate>>> =
  {
    DNS_FAILED: {
      failed: { message: '无法解析 {host}：`{why}`' },
      timeout: { message: '解析 {host} 超时' },
    },
    CONNECT_REFUSED: { failed: { message: '连接 {where} 失败：`{why}`' } },
    CONNECT_TIMEOUT: {
      default: { message: '连接 {where} 超时' },
      within: { message: '{seconds} 秒内未能与 {where} 建立连接' },
      failed: { message: '连接 {where} 失败：`{why}`' },
    },
    ADDRESS_BLOCKED: {
      name: { message: '拒绝连接 {host}：它只解析到内网或保留地址' },
      address: { message: '拒绝连接 {host}：地址 {address} 属于内网或保留网段' },
      resolver: {
        message: '没有向 {resolvers} 查询 {subject}：这些解析器的地址属于内网或保留网段',
      },
    },
    PROBE_ERROR: { default: { message: '{what} 探测出错：`{why}`' } },
    TLS_HANDSHAKE_FAILED: {
      default: { message: '与 {where} 的 TLS 握手失败：`{why}`' },
      'legacy-only': {
        message: '与 {where} 的 TLS 握手失败：`{why}`；服务器只支持 {versions}，当前客户端会拒绝',
        hint: '启用 TLS 1.2 和 1.3（nginx：`ssl_protocols TLSv1.2 TLSv1.3;`）。',
      },
      'not-tls': {
        message:
          '与 {where} 的 TLS 握手失败：`{why}`；直接发送的 ClientHello 得到的不是 TLS 应答：`{hello}`',
      },
    },
    TLS_TIMEOUT: {
      default: { message: '{where} 接受了 TCP 连接，但 TLS 握手在 {ms} 毫秒内没有完成' },
    },
    CERT_EXPIRED: {
      default: { message: '站点证书 `{cert}` 已于 {ago:span}前过期（{date:date}）' },
    },
    CERT_EXPIRING: {
      default: {
        message:
          '站点证书 `{cert}` 将在 {in:span}后过期（{date:date}），已进入 {warnDays} 天的告警期',
      },
    },
    CERT_NOT_YET_VALID: {
      default: { message: '站点证书 `{cert}` 要到 {date:date} 才生效（还有 {in:span}）' },
    },
    INTERMEDIATE_EXPIRED: {
      default: { message: 'CA 证书 `{cert}` 已于 {ago:span}前过期（{date:date}）' },
      'off-path': {
        message:
          '服务器发送的 CA 证书 `{cert}` 已于 {ago:span}前过期（{date:date}）；它不在客户端构建的验证路径上，但按发送顺序验证的旧客户端仍可能用到它而失败',
        hint: '从服务器发送的证书链中删除 `{cert}`。',
      },
    },
    INTERMEDIATE_EXPIRING: {
      default: { message: 'CA 证书 `{cert}` 将在 {in:span}后过期（{date:date}）' },
    },
    CERT_HOSTNAME_MISMATCH: {
      default: { message: '证书不包含 {name}；证书中的名称：{sans}' },
      'cn-only': {
        message:
          '证书的 subjectAltName 不包含 {name}；证书中的名称：{sans}。该名称只出现在 subject CN 中，当前客户端会忽略它。',
        hint: '重新签发证书，并把 {name} 加入 subjectAltName 列表。',
      },
    },
    CERT_SELF_SIGNED: {
      default: {
        message: '`{cert}` 是自签名证书，且不在信任库中；除非特别配置，客户端都不会信任它',
      },
    },
    CERT_UNTRUSTED: {
      default: { message: '证书链终止于自签名根证书 `{root}`，它不在信任库中' },
    },
    CHAIN_INCOMPLETE: {
      aia: {
        message:
          '`{cert}` 由 `{missing}` 签发，但服务器没有发送 `{missing}`，信任库中也没有；`{cert}` 的 AIA caIssuers 地址是 {url}，浏览器可能从那里下载而掩盖问题，但微信服务器和大多数 API 客户端不会',
        hint: '在 `{cert}` 之后发送 `{missing}`（可从 {url} 下载）：nginx 的 ssl_certificate 用 fullchain.pem，而不是 cert.pem。如果 `{missing}` 是私有根证书，请改用 --ca 指定。',
      },
      'no-aia': {
        message:
          '`{cert}` 由 `{missing}` 签发，但服务器没有发送 `{missing}`，信任库中也没有；`{cert}` 没有 AIA caIssuers 地址，连浏览器也找不到签发者',
        hint: '在 `{cert}` 之后发送 `{missing}`：nginx 的 ssl_certificate 用 fullchain.pem，而不是 cert.pem。如果 `{missing}` 是私有根证书，请改用 --ca 指定。',
      },
    },
    DNS_NXDOMAIN: {
      default: { message: '{name} 不存在：{resolvers} 返回 NXDOMAIN。' },
      elsewhere: {
        message:
          '{resolvers} 对 {name} 返回 NXDOMAIN，但 {others} 能解析它：该域名存在，只是在这里缺失，可能是否定缓存未过期、分离视图，或区域数据尚未同步到这里。',
      },
      cname: {
        message: '{name} 的 CNAME 指向不存在的域名 {target}：{resolvers} 返回 NXDOMAIN。',
        hint: '修正 {name} 的 CNAME，或创建 {target}。',
      },
      'cname-elsewhere': {
        message:
          '{resolvers} 对 {name} 的 CNAME 目标 {target} 返回 NXDOMAIN，但 {others} 能解析它：可能是否定缓存未过期、分离视图，或区域数据尚未同步到这里。',
      },
    },
    DNS_CNAME_LOOP: {
      default: {
        message:
          '{name} 的 CNAME 链形成循环：{loop}（RFC 1034 §3.6.2），永远得不到 {type} 记录（{resolvers}）。',
      },
    },
    DNS_SERVFAIL: { default: { message: '{resolvers} 对 {subject} 返回 SERVFAIL。' } },
    DNS_REFUSED: { default: { message: '解析器拒绝回答 {subject}：{answers}。' } },
    DNS_TIMEOUT: { default: { message: '{resolvers} 在超时前没有回答 {subject}。' } },
    DNS_UNREACHABLE: { default: { message: '无法向 {resolvers} 查询 {subject}：`{why}`。' } },
    DNS_NO_ANSWER: {
      default: { message: '{resolvers} 返回 NOERROR，但没有 {name} 的 {type} 记录。' },
    },
    DNS_SINKHOLE: {
      dial: {
        message:
          '{host} 只解析到 {addresses}，公网服务不会使用这些地址：可能是过滤型解析器、hosts 文件条目或错误的记录；没有建立任何连接（`--resolve {host}:{port}:ADDR` 可有意探测某台服务器）',
      },
      filtered: {
        message:
          '{subject}：{answers}，属于 `{kinds}` 地址，公网服务不会使用。{routable}，说明记录本身没有问题，是解析器过滤了该域名。',
      },
      record: {
        message:
          '{subject}：{answers}，属于 `{kinds}` 地址，公网服务不会使用。没有任何解析器给出可路由的地址：记录本身有误，或所有解析器都过滤了该域名。',
      },
    },
    DNS_PARTIAL_FAILURE: {
      default: {
        message:
          '{asked} 个解析器中有 {failed} 个没能解析 {subject}：{resolvers}；{others} 正常回答。',
      },
    },
    DNS_INCONSISTENT: {
      default: {
        message:
          '各解析器对 {subject} 的回答不一致：{answers}。GeoDNS 和 CDN 按客户端位置回答，这种情况是正常的；过期记录或未完成的迁移则不是。',
      },
    },
    CERT_ISSUER_CHANGED: {
      issuer: { message: '证书现在由 `{issuer}` 签发；之前由 `{was}` 签发' },
      chain: {
        message:
          '证书由 `{issuer}` 签发，名称与常用 CA（`{was}`）相同，但它的 CA 密钥都不在常用的验证路径上',
      },
      key: {
        message: '证书换了密钥（{key}，之前是 {wasKey}），有效期却没有变化：这不是续期',
      },
    },
    HTTP_5XX: { default: { message: '{url} 返回 `{status}`' } },
    HTTP_4XX: { default: { message: '{url} 返回 `{status}`' } },
    HTTP_TIMEOUT: {
      headers: { message: '{url}：超时前没有收到响应头' },
      body: { message: '{url}：响应体收到 {bytes} 字节后停滞，没有在超时前完成' },
    },
    HTTP_BAD_RESPONSE: {
      default: {
        message: '{url}：连接被关闭或重置，没有收到有效的 HTTP 响应（`{why}`）',
        hint: '检查 {host} 在此端口上是否提供 {scheme}，并查看服务器的错误日志。',
      },
    },
    HTTP_REDIRECT_LOOP: {
      loop: { message: '重定向循环：{loop}' },
      'too-many': { message: '重定向次数过多：超过 {max} 次，起点 {first}（最后一次：{last}）' },
    },
    HTTP_INSECURE_REDIRECT: {
      default: {
        message:
          '第 {hop} 次重定向：{from} 返回 `{status}`，Location 为 {to}，从 HTTPS 降级到明文 HTTP',
      },
    },
    HTTP_NO_HSTS: {
      missing: { message: '{url} 返回 `{status}`，但没有 Strict-Transport-Security 头' },
      'plain-http': {
        message:
          '{url} 是明文 HTTP：浏览器会忽略其中的 Strict-Transport-Security 头（RFC 6797 §8.1），因此不会启用 HSTS',
        hint: '重定向到 https://，并在 {host} 的 HTTPS 响应中发送该头。',
      },
      invalid: {
        message:
          '{url} 发送的 Strict-Transport-Security 头无效：`{header}`（`{problem}`）；浏览器会忽略无效的头（RFC 6797 §6.1），因此 HSTS 没有生效',
        hint: '只发送一个形如 `max-age=31536000; includeSubDomains` 的头。',
      },
      'max-age-0': {
        message:
          '{url} 发送 Strict-Transport-Security: max-age=0，这会关闭 HSTS（RFC 6797 §6.1.1）：浏览器会删除为 {host} 保存的 HSTS 策略',
        hint: 'max-age=0 只用于有意撤销 HSTS；否则请设置 `max-age=31536000`。',
      },
    },
  };
