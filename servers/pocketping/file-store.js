// Storage for uploaded bytes, which sdk-node leaves to the integrator (sheet §3.11: its `uploadUrl` points at a
// placeholder host). The local server serves `PUT`/`GET {url}/files/{attachmentId}` itself and points
// `uploadBaseUrl` there, so clients upload for real. Also the SaaS upload routes (`POST /upload`,
// `/upload/complete`), mounted only when the server is started with `saasUploads: true` (sdk-node has none).

import { readRaw } from './express.js';
import { requestUpload, setAttachmentStatus } from './uploads.js';

/** @typedef {import('./pocketping.js').PocketPing} PocketPing */
/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

export const FILES_PATH = '/files/';

/** @param {Res} res */
function allowCrossOrigin(res) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
}

/** @param {Req} req @returns {Promise<Buffer>} */
async function readBytes(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** @param {PocketPing} pp */
export function createFileStore(pp) {
  /** attachmentId → the bytes and the Content-Type they were put with. @type {Map<string, {bytes: Buffer, type: string}>} */
  const files = new Map();
  let failPuts = false;

  /** `PUT`/`GET`/`OPTIONS` of `/files/{id}`. @param {Req} req @param {Res} res @param {string} id */
  async function handle(req, res, id) {
    allowCrossOrigin(res);
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      return res.end();
    }
    const attachment = await pp.storage.getAttachment(id);
    if (req.method === 'PUT') {
      const bytes = await readBytes(req);
      // A PUT to an unknown or expired id, of another size, or while a test makes PUTs fail: refused.
      if (failPuts || !attachment || attachment.status !== 'pending' || bytes.length !== attachment.size) {
        res.statusCode = failPuts ? 500 : 400;
        return res.end();
      }
      files.set(id, { bytes, type: String(req.headers['content-type'] ?? attachment.mimeType) });
      res.statusCode = 200;
      return res.end();
    }
    const file = files.get(id);
    if (req.method !== 'GET' || !file) {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('Content-Type', file.type);
    res.setHeader('Content-Length', file.bytes.length);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(file.bytes);
  }

  /** The SaaS routes (`path` relative to the mount); false when `path` is not one of them. @param {Req} req @param {Res} res @param {string} path */
  async function handleSaas(req, res, path) {
    if (path !== '/upload' && path !== '/upload/complete') return false;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-PocketPing-Version');
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return true;
    }
    try {
      const raw = await readRaw(req);
      const body = /** @type {any} */ (req).body ?? (raw ? JSON.parse(raw) : {});
      const answer = path === '/upload' ? await requestUpload(pp, body) : await setAttachmentStatus(pp, body.attachmentId, 'ready');
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(answer));
    } catch (error) {
      pp.log('upload route failed', path, error);
      res.statusCode = 500;
      res.end(JSON.stringify({ error: 'Internal server error' }));
    }
    return true;
  }

  return {
    handle,
    handleSaas,
    /** The bytes stored for an attachment (tests: "the server has the file"). @param {string} id */
    file: (id) => files.get(id),
    /** How many files were stored. */
    count: () => files.size,
    /** Makes every following PUT fail with 500 (or not). @param {boolean} value */
    setFailPuts: (value) => {
      failPuts = value;
    },
    clear: () => files.clear(),
  };
}
