// Request filters and request facts as sdk-node 1.1.0 derives them (utils/ip-filter.ts, user-agent-filter.ts).

/**
 * Bot substrings, matched case-insensitively. sdk-node ships 74; this list keeps the families that matter for
 * tests (headless browsers, automation, HTTP libraries, crawlers). Node's own `fetch` sends `User-Agent: node`,
 * which is not on it, as in sdk-node.
 */
export const DEFAULT_BOT_PATTERNS = [
  'googlebot', 'bingbot', 'slurp', 'duckduckbot', 'baiduspider', 'yandexbot', 'sogou', 'exabot',
  'facebot', 'facebookexternalhit', 'ia_archiver', 'applebot', 'twitterbot', 'linkedinbot', 'pinterest',
  'semrushbot', 'ahrefsbot', 'mj12bot', 'dotbot', 'petalbot', 'bytespider', 'gptbot', 'claudebot',
  'ccbot', 'crawler', 'spider', 'bot/', 'headless', 'phantomjs', 'selenium', 'webdriver', 'puppeteer',
  'playwright', 'cypress', 'curl/', 'wget/', 'python-requests', 'python-urllib', 'aiohttp', 'httpx',
  'scrapy', 'go-http-client', 'java/', 'okhttp', 'apache-httpclient', 'libwww-perl', 'node-fetch',
  'axios/', 'got (', 'postmanruntime', 'insomnia', 'httpie',
];

/** @param {import('node:http').IncomingMessage} req @param {string} name */
function header(req, name) {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. @param {string | undefined} ip */
function plainIp(ip) {
  return (ip ?? '').replace(/^::ffff:/, '');
}

/**
 * Client address as sdk-node reads it: first `X-Forwarded-For` entry, else `X-Real-IP`, else the socket.
 * @param {import('node:http').IncomingMessage} req
 */
export function getClientIp(req) {
  const forwarded = header(req, 'x-forwarded-for');
  if (forwarded) return plainIp(forwarded.split(',')[0].trim());
  const real = header(req, 'x-real-ip');
  if (real) return plainIp(real.trim());
  return plainIp(req.socket.remoteAddress);
}

/** @param {string} ip */
function ipv4ToInt(ip) {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/**
 * True when `ip` matches an entry: an exact address or an IPv4 CIDR (`10.0.0.0/8`).
 * @param {string} ip @param {readonly string[]} list
 */
export function ipListed(ip, list) {
  const n = ipv4ToInt(ip);
  return list.some((entry) => {
    const [base, bits] = entry.split('/');
    if (bits === undefined || n === null) return plainIp(entry) === ip;
    const b = ipv4ToInt(base);
    const len = Number(bits);
    if (b === null || !(len >= 0 && len <= 32)) return false;
    const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
    return ((n & mask) >>> 0) === ((b & mask) >>> 0);
  });
}

/**
 * UA filter: `true` = default bot list; an array = the default list plus these patterns (substrings, or
 * `/regex/flags`), like sdk-node's `useDefaultBots` + `blocklist`. Case-insensitive. A missing User-Agent passes.
 * @param {string | undefined} ua @param {boolean | readonly string[]} filter
 */
export function uaBlocked(ua, filter) {
  if (!filter || !ua) return false;
  const patterns = filter === true ? DEFAULT_BOT_PATTERNS : [...DEFAULT_BOT_PATTERNS, ...filter];
  const lower = ua.toLowerCase();
  return patterns.some((p) => {
    const re = /^\/(.+)\/([a-z]*)$/.exec(p);
    if (!re) return lower.includes(p.toLowerCase());
    try {
      return new RegExp(re[1], re[2].includes('i') ? re[2] : `${re[2]}i`).test(ua);
    } catch {
      return false;
    }
  });
}

/**
 * `deviceType`, `browser`, `os` from a User-Agent, as sdk-node enriches `/connect` metadata.
 * @param {string | undefined} ua
 */
export function parseUserAgent(ua) {
  const s = ua ?? '';
  const deviceType = /ipad|tablet|(android(?!.*mobile))/i.test(s)
    ? 'tablet'
    : /mobi|iphone|ipod|android/i.test(s)
      ? 'mobile'
      : 'desktop';
  const browser = /edg\//i.test(s)
    ? 'Edge'
    : /opr\/|opera/i.test(s)
      ? 'Opera'
      : /firefox\//i.test(s)
        ? 'Firefox'
        : /chrome\/|crios\//i.test(s)
          ? 'Chrome'
          : /safari\//i.test(s)
            ? 'Safari'
            : 'unknown';
  const os = /windows/i.test(s)
    ? 'Windows'
    : /iphone|ipad|ipod/i.test(s)
      ? 'iOS'
      : /mac os/i.test(s)
        ? 'macOS'
        : /android/i.test(s)
          ? 'Android'
          : /linux/i.test(s)
            ? 'Linux'
            : 'unknown';
  return { deviceType, browser, os };
}
