// Uploads of the local Pingstreams server, as Tiledesk's `routes/images.js` and `routes/files.js` serve them
// (sheet §3.8): `POST /images/users` and `POST /files/users` take a multipart body with the field `file`
// (signed-in users only) and answer `{message, filename}` (`filename`: the storage path); `GET /images?path=`
// and `GET /files/download?path=` serve the bytes back. Limit 10 MB, like the upstream multer setup.

import { randomUUID } from 'node:crypto';

/** @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} Answer */

export const MAX_UPLOAD = 10 * 1024 * 1024;

/** The part named `file` of a multipart body, or undefined. @param {Buffer} body @param {string} contentType */
function filePart(body, contentType) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from('--' + (boundary[1] ?? boundary[2]));
  for (let start = body.indexOf(delimiter); start >= 0; ) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // without CRLFs around
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    if (/name="file"/i.test(headers)) {
      const name = /filename="([^"]*)"/i.exec(headers)?.[1] ?? 'file';
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      return { name, type, bytes: part.subarray(headerEnd + 4) };
    }
    start = next;
  }
  return undefined;
}

/** @param {{ authenticate(header: string | undefined, query: string | null): any }} auth */
export function createUploads(auth) {
  /** storage path → the file. @type {Map<string, {name: string, type: string, bytes: Buffer}>} */
  const files = new Map();
  let failUploads = false;

  /**
   * The upload routes (path relative to the API base); undefined for any other path.
   * @param {string} method @param {string} path @param {URLSearchParams} query @param {import('node:http').IncomingHttpHeaders} headers @param {Buffer} body
   * @returns {Answer | undefined}
   */
  function route(method, path, query, headers, body) {
    const kind = /^\/(images|files)\/users$/.exec(path)?.[1];
    if (method === 'POST' && kind) {
      const signedIn = auth.authenticate(headers.authorization, null);
      if ('status' in signedIn) return signedIn;
      if (failUploads) return { status: 500, body: { success: false, msg: 'Error uploading file.' } };
      if (body.length > MAX_UPLOAD) return { status: 413, body: { success: false, msg: 'File too large' } };
      const file = filePart(body, String(headers['content-type'] ?? ''));
      if (!file) return { status: 400, body: { success: false, msg: 'No file' } };
      if (kind === 'images' && !file.type.startsWith('image/')) return { status: 400, body: { success: false, msg: 'Invalid image type' } };
      const filename = `uploads/users/${signedIn.user._id}/${kind}/${randomUUID()}/${file.name}`;
      files.set(filename, file);
      return { status: 201, body: { message: kind === 'images' ? 'Image uploded successfully' : 'File uploded successfully', filename } };
    }
    if (method === 'GET' && (path === '/images' || path === '/files/download')) {
      const file = files.get(query.get('path') ?? '');
      if (!file) return { status: 404, body: { success: false, msg: 'File not found.' } };
      return { status: 200, body: file.bytes, headers: { 'Content-Type': file.type, 'X-Content-Type-Options': 'nosniff' } };
    }
    return undefined;
  }

  return {
    route,
    /** Stored files by storage path (tests: "the server has the file"). */
    files: () => [...files.entries()],
    /** Makes every following upload fail with 500 (or not). @param {boolean} value */
    setFailUploads: (value) => {
      failUploads = value;
    },
    clear: () => files.clear(),
  };
}
