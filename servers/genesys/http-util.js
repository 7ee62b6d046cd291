/**
 * Small node:http helpers shared by the REST routes and the /test control API.
 */
import { randomUUID } from 'node:crypto';

/** The public API is called cross-origin from browser widgets (protocols/genesys.md §2 CORS). */
export const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept',
  'access-control-expose-headers': 'inin-correlation-id, retry-after',
  'access-control-max-age': '600',
};

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} [body] omitted for 204
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const data = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...CORS,
    'inin-correlation-id': randomUUID(),
    ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) }),
    ...headers,
  });
  res.end(data);
}

/**
 * An ErrorBody (protocols/genesys.md §6).
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @param {{ headers?: Record<string, string>, limit?: { key?: string, namespace?: string, value?: number } }} [extra]
 */
export function sendError(res, status, code, message, extra = {}) {
  /** @type {Record<string, unknown>} */
  const body = { message, code, status, messageWithParams: message, messageParams: {}, contextId: randomUUID(), details: [], errors: [] };
  if (extra.limit) body.limit = extra.limit;
  sendJson(res, status, body, extra.headers);
}

/**
 * Reads the body as text; resolves undefined when it exceeds `limit` bytes.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<string | undefined>}
 */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** @param {unknown} v */
export const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** decodeURIComponent that leaves a malformed escape as it is (answered 404, not 500). */
export const decode = (/** @type {string} */ s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
