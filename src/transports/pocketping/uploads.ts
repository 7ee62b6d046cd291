/**
 * PocketPing attachments (sheet §3.11), the presigned-upload pattern:
 * 1. ask for an upload (`POST /upload-request`; SaaS: `POST /upload`) → `{attachmentId, uploadUrl}`;
 * 2. `PUT` the bytes to `uploadUrl` (with progress);
 * 3. confirm it (`POST /upload-complete`; SaaS: `POST /upload/complete`) → the stored attachment;
 * then `POST /message` links it with `attachmentIds`. A failed PUT is reported with `/upload-failed`
 * (sdk-node; the SaaS has no such route). sdk-node's limits are the defaults (10 MB, its MIME list).
 */
import type { FileLimits, TransportEnv, UploadFile, UploadOptions } from '../../core/transport';
import type { Attachment } from '../../core/types';
import { asRecord, isId } from '../kit';
import { sendBytes } from '../send-bytes';
import { attachment } from './wire';

/** sdk-node's `maxAttachmentSize` and `allowedMimeTypes` defaults. */
export const SDK_NODE_FILE_LIMITS: FileLimits = {
  maxBytes: 10 * 1024 * 1024,
  types: [
    'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv', 'application/zip',
    'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'video/mp4', 'audio/mpeg',
  ],
};

/** The answer of step 1; only an `http(s)` upload URL is ever used. */
function readGrant(answer: unknown): { attachmentId: string; uploadUrl: string } | undefined {
  const fields = asRecord(answer);
  const { attachmentId, uploadUrl } = fields;
  return isId(attachmentId) && isId(uploadUrl) && /^https?:\/\//i.test(uploadUrl) ? { attachmentId, uploadUrl } : undefined;
}

type Call = (path: string, body: object) => Promise<unknown>;

/** `upload()` for the PocketPing transport; `call` posts to a route (with the session id), `bad` rejects a malformed answer. */
export function createUploader(env: TransportEnv, call: Call, saasRoutes: boolean, bad: (what: string) => never) {
  return async (file: UploadFile, { onProgress, signal }: UploadOptions): Promise<Attachment> => {
    const mimeType = file.type || 'application/octet-stream';
    const answer = await call(saasRoutes ? '/upload' : '/upload-request', { filename: file.name || 'file', mimeType, size: file.size });
    const { attachmentId, uploadUrl } = readGrant(answer) ?? bad('upload-request');
    try {
      await sendBytes(env, { url: uploadUrl, method: 'PUT', headers: { 'Content-Type': mimeType }, body: file, onProgress, signal });
    } catch (error) {
      // The server marks it failed (best effort: the visitor's retry asks for a new upload anyway).
      if (!saasRoutes) call('/upload-failed', { attachmentId }).catch(() => undefined);
      throw error;
    }
    const stored = await call(saasRoutes ? '/upload/complete' : '/upload-complete', { attachmentId });
    return attachment(stored)[0] ?? bad('upload-complete');
  };
}
