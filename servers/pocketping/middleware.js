// sdk-node 1.1.0 `middleware()`: CORS, OPTIONS, IP filter, UA filter, version check, then one route per path
// segment (sheet §1, §2, §5, §6). The HTTP method is never checked.

import { readRaw } from './express.js';
import { getClientIp, ipListed, parseUserAgent, uaBlocked } from './filters.js';
import { DEFAULT_UPGRADE_URL, versionHeaders } from './version.js';

/** @typedef {import('./pocketping.js').PocketPing} PocketPing */
/** @typedef {import('node:http').IncomingMessage & { body?: unknown, rawBody?: string }} Req */
/** @typedef {import('node:http').ServerResponse} Res */
/** @typedef {(pp: PocketPing, body: any, query: Record<string, string>, req: Req) => Promise<unknown>} Route */

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, X-PocketPing-Version',
  'Access-Control-Expose-Headers':
    'X-PocketPing-Version-Status, X-PocketPing-Min-Version, X-PocketPing-Latest-Version, X-PocketPing-Version-Message',
};

/** @param {Res} res */
export function setCors(res) {
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
}

/** @param {Res} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

/** `req.body` when a parser set it; otherwise the raw body, JSON-parsed whatever its type; empty → `{}`. @param {Req} req */
async function parseBody(req) {
  if (req.body !== undefined) return req.body;
  const raw = await readRaw(req);
  return raw ? JSON.parse(raw) : {};
}

/** Fills `ip`, and `deviceType`/`browser`/`os` when missing, like sdk-node does before `handleConnect`. @param {any} body @param {Req} req */
function enrichConnect(body, req) {
  const ip = getClientIp(req);
  const headerUa = req.headers['user-agent'];
  if (body.metadata) {
    body.metadata.ip = ip;
    const ua = body.metadata.userAgent || headerUa;
    if (!body.metadata.deviceType && ua) {
      const parsed = parseUserAgent(ua);
      body.metadata.deviceType = parsed.deviceType;
      body.metadata.browser = body.metadata.browser || parsed.browser;
      body.metadata.os = body.metadata.os || parsed.os;
    }
  } else {
    body.metadata = { ip, userAgent: headerUa, ...parseUserAgent(headerUa) };
  }
}

const ROUTES = new Map(/** @type {Array<[string, Route]>} */ ([
  ['connect', async (pp, body, _q, req) => {
    enrichConnect(body, req);
    const result = await pp.handleConnect(body);
    const check = pp.checkWidgetVersion(versionOf(req));
    if (check.status !== 'ok') pp.scheduleVersionWarning(result.sessionId, check);
    return result;
  }],
  ['message', (pp, body) => pp.handleMessage(body)],
  ['messages', (pp, _b, q) =>
    pp.handleGetMessages({ sessionId: q.sessionId, after: q.after, limit: q.limit ? parseInt(q.limit, 10) : undefined })],
  ['typing', (pp, body) => pp.handleTyping(body)],
  ['presence', (pp) => pp.handlePresence()],
  ['read', (pp, body) => pp.handleRead(body)],
  ['identify', (pp, body) => pp.handleIdentify(body)],
  ['edit', (pp, body) => pp.handleEditMessage(body)],
  ['delete', (pp, body) => pp.handleDeleteMessage(body)],
  ['disconnect', (pp, body) => pp.handleDisconnect(body)],
  ['visibility', (pp, body) => pp.handleVisibility(body)],
  ['csat', (pp, body) => pp.handleCsat(body)],
  ['upload-request', (pp, body) => pp.handleUploadRequest(body)],
  ['upload-complete', (pp, body) => pp.handleUploadComplete(body)],
  ['upload-failed', (pp, body) => pp.handleUploadFailed(body)],
]));

/** @param {Req} req */
function versionOf(req) {
  const v = req.headers['x-pocketping-version'];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The request handler. `req.url` is relative to the mount, as Express sets it. Unknown paths call `next`
 * when given (the host app answers), else `404 {"error":"Not found"}`.
 * @param {PocketPing} pp
 * @returns {(req: Req, res: Res, next?: () => void) => Promise<void>}
 */
export function createMiddleware(pp) {
  return async (req, res, next) => {
    const [rawPath, qs = ''] = (req.url ?? '/').split('?');
    const path = rawPath.replace(/^\/+/, '').replace(/\/+$/, '');
    setCors(res);
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (ipListed(getClientIp(req), pp.config.ipBlocklist) || uaBlocked(req.headers['user-agent'], pp.config.uaFilter ?? false)) {
      sendJson(res, 403, { error: 'Forbidden' });
      return;
    }
    const check = pp.checkWidgetVersion(versionOf(req));
    for (const [k, v] of Object.entries(versionHeaders(check))) res.setHeader(k, v);
    if (!check.canContinue) {
      sendJson(res, 426, {
        error: 'Widget version unsupported',
        message: check.message,
        minVersion: check.minVersion,
        upgradeUrl: pp.config.versionUpgradeUrl ?? DEFAULT_UPGRADE_URL,
      });
      return;
    }
    const route = ROUTES.get(path);
    if (!route) {
      if (next) return next();
      res.statusCode = 404;
      res.end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    try {
      const body = await parseBody(req);
      const result = await route(pp, body, Object.fromEntries(new URLSearchParams(qs)), req);
      sendJson(res, 200, result);
    } catch (e) {
      pp.log('route failed', path, e);
      // Every domain error looks the same, without a Content-Type (quirk §8.12).
      res.statusCode = 500;
      res.end(JSON.stringify({ error: 'Internal server error' }));
    }
  };
}
