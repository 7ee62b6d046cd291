// sdk-node 1.1.0 attachments (sheet §3.11): presigned-upload pattern, but nothing serves the upload URL
// (placeholder host unless `uploadBaseUrl` is configured).

import { generateId } from './storage.js';

/** @typedef {import('./pocketping.js').PocketPing} PocketPing */

export const DEFAULT_MIME_TYPES = [
  'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv',
  'application/zip', 'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'video/mp4', 'audio/mpeg',
];

/**
 * `/upload-request`: size in (0, maxAttachmentSize], MIME type allowed, session known; else throws (→ 500).
 * @param {PocketPing} pp @param {any} request `{sessionId, filename, mimeType, size}`
 */
export async function requestUpload(pp, request) {
  const session = await pp.storage.getSession(request.sessionId);
  if (!session) throw new Error('Session not found');
  const max = pp.config.maxAttachmentSize ?? 10 * 1024 * 1024;
  if (!(request.size > 0) || request.size > max) throw new Error('Invalid file size');
  if (!(pp.config.allowedMimeTypes ?? DEFAULT_MIME_TYPES).includes(request.mimeType)) throw new Error('MIME type not allowed');
  const id = generateId();
  const url = `${(pp.config.uploadBaseUrl ?? 'https://uploads.pocketping.local').replace(/\/$/, '')}/${id}`;
  await pp.storage.saveAttachment({
    id,
    messageId: null,
    filename: request.filename,
    mimeType: request.mimeType,
    size: request.size,
    url,
    thumbnailUrl: null,
    status: 'pending',
    createdAt: new Date(),
    uploadedFrom: 'widget',
  });
  return { attachmentId: id, uploadUrl: url, expiresAt: new Date(Date.now() + 15 * 60_000) };
}

/** `/upload-complete` and `/upload-failed`: answer the whole attachment. @param {PocketPing} pp @param {unknown} id @param {'ready' | 'failed'} status */
export async function setAttachmentStatus(pp, id, status) {
  const a = await pp.storage.getAttachment(String(id));
  if (!a) throw new Error('Attachment not found');
  a.status = status;
  await pp.storage.updateAttachment(a);
  return a;
}
