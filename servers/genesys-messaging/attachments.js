/**
 * Attachments (§5): `onAttachment` checks the deployment's policy and answers a presigned PUT URL on this
 * server with a header the PUT must carry; the PUT stores the bytes and pushes `UploadSuccessEvent` (or
 * `UploadFailureEvent`); `getAttachment` hands out a fresh download URL that expires; `deleteAttachment`.
 */
import { randomBytes } from 'node:crypto';
import { allowsType, blockedExtension } from './deployment.js';
import { ERRORS, envelope, errorFrame } from './frames.js';

export const UPLOAD_PATH = '/uploads/';
export const DOWNLOAD_PATH = '/downloads/';
/** Download URLs live about 10 minutes (§5 item 7). */
const DOWNLOAD_TTL_MS = 10 * 60 * 1000;
const MAX_FILE_NAME = 255;

/**
 * Where PUT and GET answer a browser on another origin.
 * @type {Record<string, string>}
 */
export const STORAGE_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-tagging',
  'access-control-max-age': '600',
};

/**
 * @typedef {import('./sessions.js').Session} Session
 * @typedef {import('./sessions.js').Attachment} Attachment
 * @typedef {import('./index.js').ServerContext} ServerContext
 */

/** @param {string} mime */
const mediaTypeOf = (mime) => {
  const family = mime.split('/')[0];
  return { image: 'Image', video: 'Video', audio: 'Audio' }[family] ?? 'File';
};

/**
 * A download URL for the attachment, valid for DOWNLOAD_TTL_MS.
 * @param {ServerContext} ctx
 * @param {Attachment} attachment
 */
export function downloadUrl(ctx, attachment) {
  const key = randomBytes(16).toString('hex');
  ctx.downloads.set(key, { attachment, expiresAtMs: ctx.now() + DOWNLOAD_TTL_MS });
  return `${ctx.baseUrl()}${DOWNLOAD_PATH}${key}`;
}

/**
 * The expanded `Attachment` content item of an echo or an agent message (§4).
 * @param {ServerContext} ctx
 * @param {Attachment} attachment
 */
export const attachmentContent = (ctx, attachment) => ({
  contentType: 'Attachment',
  attachment: {
    id: attachment.id,
    url: downloadUrl(ctx, attachment),
    filename: attachment.fileName,
    mediaType: mediaTypeOf(attachment.fileType),
    mime: attachment.fileType,
    fileSize: attachment.fileSize,
  },
});

/**
 * An attachment that is already stored (an agent's file).
 * @param {Session} session
 * @param {{ fileName: string, fileType: string, bytes: Buffer }} file
 * @returns {Attachment}
 */
export function storedAttachment(session, { fileName, fileType, bytes }) {
  const id = randomBytes(16).toString('hex');
  /** @type {Attachment} */
  const attachment = { id, sessionId: session.id, fileName, fileType, fileSize: bytes.length, uploadKey: '', tagging: '', state: 'uploaded', bytes };
  session.attachments.set(id, attachment);
  return attachment;
}

/** @param {ServerContext} ctx */
export function createAttachmentActions(ctx) {
  /**
   * The policy check of `onAttachment`: a [code, text] pair when the file may not be uploaded.
   * @param {{ fileName: string, fileType: string, fileSize: number }} file
   * @returns {readonly [number, string] | undefined}
   */
  function policyError({ fileName, fileType, fileSize }) {
    const settings = ctx.settings;
    if (!settings.fileTypes.length) return [ERRORS.featureUnavailable[0], 'Attachments are not enabled for this deployment'];
    const blocked = blockedExtension(settings, fileName);
    if (blocked) return [4001, `File type invalid: ${blocked} files are blocked`];
    if (!allowsType(settings, fileType)) return [4001, `File type invalid: ${fileType} is not allowed`];
    if (!(fileSize > 0) || fileSize > settings.maxFileSizeKB * 1000) return [4002, `File size invalid: must be between 1 byte and ${settings.maxFileSizeKB} KB`];
    if (fileName.length > MAX_FILE_NAME) return [4005, `File name too long: at most ${MAX_FILE_NAME} characters`];
    return undefined;
  }

  return {
    /** @type {import('./socket.js').SessionAction} */
    onAttachment(ws, session, request) {
      const { attachmentId, fileName, fileType, tracingId } = request;
      const fileSize = Number(request.fileSize);
      if (typeof attachmentId !== 'string' || !attachmentId || typeof fileName !== 'string' || !fileName || typeof fileType !== 'string' || !fileType) {
        return ctx.send(ws, errorFrame(ERRORS.missingParameter[0], `${ERRORS.missingParameter[1]}: attachmentId, fileName and fileType are required`, tracingId));
      }
      if (session.readOnly) return ctx.send(ws, errorFrame(...ERRORS.readOnly, tracingId));
      const error = policyError({ fileName, fileType, fileSize });
      if (error) {
        const [errorCode, errorMessage] = error;
        // `errorsAsJson` asks for the GenerateUrlError object instead of a string frame (§5 item 1).
        return ctx.send(
          ws,
          request.errorsAsJson === true ? envelope('message', 'GenerateUrlError', { attachmentId, errorCode, errorMessage }, tracingId) : errorFrame(errorCode, errorMessage, tracingId),
        );
      }
      const uploadKey = randomBytes(16).toString('hex');
      const tagging = `parley-upload=${randomBytes(8).toString('hex')}`;
      session.attachments.set(attachmentId, { id: attachmentId, sessionId: session.id, fileName, fileType, fileSize, uploadKey, tagging, state: 'pending' });
      ctx.uploads.set(uploadKey, { session, attachmentId });
      const body = { attachmentId, url: `${ctx.baseUrl()}${UPLOAD_PATH}${uploadKey}`, headers: { 'x-amz-tagging': tagging } };
      ctx.send(ws, envelope('response', 'PresignedUrlResponse', body, tracingId));
    },

    /** @type {import('./socket.js').SessionAction} */
    getAttachment(ws, session, request) {
      const attachment = session.attachments.get(String(request.attachmentId));
      if (!attachment) return ctx.send(ws, errorFrame(...ERRORS.attachmentNotFound, request.tracingId));
      if (attachment.state !== 'uploaded') return ctx.send(ws, errorFrame(...ERRORS.attachmentNotUploaded, request.tracingId));
      const body = { attachmentId: attachment.id, url: downloadUrl(ctx, attachment), headers: {}, fileName: attachment.fileName, fileSize: attachment.fileSize, fileType: attachment.fileType };
      ctx.send(ws, envelope('response', 'PresignedUrlResponse', body, request.tracingId));
    },

    /** @type {import('./socket.js').SessionAction} */
    deleteAttachment(ws, session, request) {
      const attachmentId = String(request.attachmentId);
      const attachment = session.attachments.get(attachmentId);
      if (!attachment) return ctx.send(ws, errorFrame(...ERRORS.attachmentNotFound, request.tracingId));
      session.attachments.delete(attachmentId);
      ctx.uploads.delete(attachment.uploadKey);
      ctx.send(ws, envelope('message', 'AttachmentDeletedResponse', { attachmentId }, request.tracingId));
    },
  };
}
