/**
 * The HTTP side of the fake: REST history with the socket's JWT (§6), the deployment `config.json` (§1),
 * and the storage routes the presigned upload and download URLs point at (§5).
 */
import { decode, sendError, sendJson } from '../genesys/http-util.js';
import { DOWNLOAD_PATH, STORAGE_CORS, UPLOAD_PATH, downloadUrl } from './attachments.js';
import { EXCHANGE_PATH } from './auth.js';
import { deploymentConfig } from './deployment.js';
import { envelope } from './frames.js';

export const HISTORY_PATH = '/api/v2/webmessaging/messages';
const CONFIG_PATH = /^\/webdeployments\/v1\/deployments\/([^/]+)\/config\.json$/;
const MAX_PAGE_SIZE = 100;

/** @typedef {import('./index.js').ServerContext} ServerContext */

/**
 * The body as bytes; undefined when it exceeds `limit` (the rest is read and dropped).
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer | undefined>}
 */
function readBytes(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * An S3-style error answer, as a presigned URL's storage gives it.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} code
 * @param {string} message
 */
function storageError(res, status, code, message) {
  res.writeHead(status, { ...STORAGE_CORS, 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/**
 * `GET /api/v2/webmessaging/messages?pageNumber&pageSize`: newest first, bearer JWT from `getJwt`.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {ServerContext} ctx
 */
function history(req, res, url, ctx) {
  const bearer = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const claims = bearer ? ctx.issuer.verify(bearer[1]) : undefined;
  const session = claims && ctx.sessions.all.get(claims.data.sub);
  if (!claims || !session) return sendError(res, 401, 'bad.credentials', 'Invalid login credentials.');
  if (session.jwtRevoked || session.expiredJwts.has(bearer[1]) || claims.exp * 1000 <= ctx.now()) {
    return sendError(res, 401, 'credentials.expired', 'The supplied credentials are expired and cannot be used.');
  }
  const pageSize = Number(url.searchParams.get('pageSize') ?? 25);
  const pageNumber = Number(url.searchParams.get('pageNumber') ?? 1);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE || !Number.isInteger(pageNumber) || pageNumber < 1) {
    return sendError(res, 400, 'bad.request', `pageSize must be 1-${MAX_PAGE_SIZE} and pageNumber at least 1`);
  }
  const newestFirst = session.messages.slice().reverse();
  const start = (pageNumber - 1) * pageSize;
  sendJson(res, 200, {
    entities: newestFirst.slice(start, start + pageSize),
    pageSize,
    pageNumber,
    total: newestFirst.length,
    pageCount: Math.ceil(newestFirst.length / pageSize),
  });
}

/**
 * `PUT <presigned url>`: the bytes of a pending upload, with exactly the header `onAttachment` returned.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} uploadKey
 * @param {ServerContext} ctx
 */
async function upload(req, res, uploadKey, ctx) {
  const pending = ctx.uploads.get(uploadKey);
  const attachment = pending?.session.attachments.get(pending.attachmentId);
  if (!pending || !attachment || attachment.state !== 'pending') return storageError(res, 404, 'NoSuchUpload', 'The upload URL is unknown or was used already.');
  if (pending.session.chaos.refuseNextPut) {
    pending.session.chaos.refuseNextPut = false;
    return storageError(res, 403, 'AccessDenied', 'Request has expired');
  }
  if (req.headers['x-amz-tagging'] !== attachment.tagging) return storageError(res, 403, 'AccessDenied', 'The x-amz-tagging header the URL was signed with is missing or different.');
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== attachment.fileType.toLowerCase()) return storageError(res, 403, 'AccessDenied', `Content-Type must be ${attachment.fileType}.`);
  const bytes = await readBytes(req, ctx.settings.maxFileSizeKB * 1000);
  ctx.uploads.delete(uploadKey);
  res.writeHead(200, STORAGE_CORS).end();

  const { session } = pending;
  const timestamp = ctx.sessions.iso();
  /** @param {number} errorCode @param {string} errorMessage */
  const failed = (errorCode, errorMessage) => {
    attachment.state = 'failed';
    ctx.sessions.push(session, envelope('message', 'UploadFailureEvent', { attachmentId: attachment.id, errorCode, errorMessage, timestamp }));
  };
  if (!bytes || bytes.length !== attachment.fileSize) return failed(4002, `File size invalid: ${attachment.fileSize} bytes were announced`);
  if (session.chaos.failNextUpload) {
    session.chaos.failNextUpload = false;
    return failed(4003, 'File content invalid');
  }
  attachment.state = 'uploaded';
  attachment.bytes = bytes;
  ctx.sessions.push(session, envelope('message', 'UploadSuccessEvent', { attachmentId: attachment.id, downloadUrl: downloadUrl(ctx, attachment), timestamp }));
}

/**
 * `GET <download url>`: the stored bytes while the URL is fresh.
 * @param {import('node:http').ServerResponse} res
 * @param {string} key
 * @param {ServerContext} ctx
 */
function download(res, key, ctx) {
  const link = ctx.downloads.get(key);
  if (!link || link.expiresAtMs <= ctx.now() || !link.attachment.bytes) return storageError(res, 403, 'AccessDenied', 'Request has expired');
  const { bytes, fileType } = link.attachment;
  res.writeHead(200, { ...STORAGE_CORS, 'content-type': fileType, 'content-length': String(bytes.length) });
  res.end(bytes);
}

/**
 * Answers the request when one of these routes matches; false otherwise.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {ServerContext} ctx
 * @returns {Promise<boolean>}
 */
export async function handleRoutes(req, res, url, ctx) {
  const path = url.pathname;
  const config = CONFIG_PATH.exec(path);
  if (req.method === 'GET' && path === HISTORY_PATH) history(req, res, url, ctx);
  else if (req.method === 'GET' && config) {
    if (decode(config[1]) !== ctx.deploymentId) sendError(res, 404, 'not.found', 'Unknown deployment');
    else sendJson(res, 200, deploymentConfig(ctx.deploymentId, ctx.settings, { apiUrl: ctx.baseUrl(), wsUrl: ctx.baseUrl().replace(/^http/, 'ws') }));
  } else if (req.method === 'POST' && path === EXCHANGE_PATH) await ctx.auth.exchangeRoute(req, res);
  else if (req.method === 'PUT' && path.startsWith(UPLOAD_PATH)) await upload(req, res, path.slice(UPLOAD_PATH.length), ctx);
  else if (req.method === 'GET' && path.startsWith(DOWNLOAD_PATH)) download(res, path.slice(DOWNLOAD_PATH.length), ctx);
  else return false;
  return true;
}
