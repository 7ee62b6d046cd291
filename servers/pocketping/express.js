// What the Express 5 app around sdk-node adds on the wire (the sheet's observations were made with
// `app.use(express.json()); app.use('/pocketping', pp.middleware())`): `X-Powered-By`, the JSON body
// parser's 400/413 pages, and the HTML 404 of `finalhandler` for paths nobody routes.

const JSON_LIMIT = 100 * 1024; // express.json() default `limit: '100kb'`

/**
 * Reads the request body once and caches it, so the body parser layer and sdk-node's own reader can both
 * look at it.
 * @param {import('node:http').IncomingMessage & { rawBody?: string }} req
 * @returns {Promise<string>}
 */
export async function readRaw(req) {
  if (req.rawBody !== undefined) return req.rawBody;
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  req.rawBody = Buffer.concat(chunks).toString('utf8');
  return req.rawBody;
}

/** @param {string} s */
function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `finalhandler`'s error page (production wording: the status text, no stack).
 * @param {import('node:http').ServerResponse} res @param {number} status @param {string} text
 */
export function htmlError(res, status, text) {
  const body = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${escapeHtml(text)}</pre>\n</body>\n</html>\n`;
  res.statusCode = status;
  res.setHeader('Content-Security-Policy', "default-src 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** `Cannot POST /pocketping/x`, Express's answer when no route takes the request. @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
export function notFound(req, res) {
  htmlError(res, 404, `Cannot ${req.method} ${(req.url ?? '/').split('?')[0]}`);
}

/**
 * `express.json()`: only for `application/json` bodies; strict (object or array); sets `req.body`.
 * Returns false when it has already answered (400 malformed, 413 too large), without CORS headers since it
 * runs before sdk-node's middleware. Other content types are left for sdk-node to parse itself.
 * @param {import('node:http').IncomingMessage & { body?: unknown }} req @param {import('node:http').ServerResponse} res
 */
export async function jsonBodyParser(req, res) {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return true;
  if (Number(req.headers['content-length']) > JSON_LIMIT) {
    req.resume();
    htmlError(res, 413, 'Payload Too Large');
    return false;
  }
  const raw = await readRaw(req);
  if (Buffer.byteLength(raw) > JSON_LIMIT) {
    htmlError(res, 413, 'Payload Too Large');
    return false;
  }
  if (!raw) return true;
  const first = raw.trimStart()[0];
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError('strict');
    req.body = JSON.parse(raw);
    return true;
  } catch {
    htmlError(res, 400, 'Bad Request');
    return false;
  }
}
