/**
 * Pingstreams attachments, as Tiledesk's widget sends them (sheet §3.8): the file goes to
 * `POST {apiUrl}/images/users` (images) or `/files/users` (anything else) as the multipart field `file`;
 * the answer's `filename` is its storage path, served at `{apiUrl}/images?path=` or `/files/download?path=`.
 * The message is then sent with `type` `image`/`file` and `metadata {name, src, width, height, type, uid, size}`
 * ({@link fileMessage}).
 */
import type { FileLimits, TransportEnv, UploadFile, UploadOptions } from '../../core/transport';
import type { Attachment } from '../../core/types';
import { asRecord, isId } from '../kit';
import { sendBytes } from '../send-bytes';

/** Tiledesk's multer limit; any type (images go to the image route). */
export const PINGSTREAMS_FILE_LIMITS: FileLimits = { maxBytes: 10 * 1024 * 1024 };

const isImage = (type: string) => type.startsWith('image/');

/** The upload's JSON answer; anything else reads as nothing (and is refused as malformed). */
function readAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An image's size in pixels, where the browser can decode it (metadata `width`/`height`); else nothing. */
async function pixelsOf(file: UploadFile): Promise<{ width?: number; height?: number }> {
  if (!isImage(file.type) || typeof createImageBitmap !== 'function') return {};
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return {};
  }
}

/**
 * `upload()` for the Pingstreams transport. `authorization` gives the current `JWT …` header; `bad`
 * rejects a malformed answer. Image sizes are remembered for the message's metadata.
 */
export function createUploader(env: TransportEnv, base: string, authorization: () => Promise<string>, bad: (what: string) => never) {
  const pixels = new Map<string, { width?: number; height?: number }>();
  async function upload(file: UploadFile, { onProgress, signal }: UploadOptions): Promise<Attachment> {
    const type = file.type || 'application/octet-stream';
    const name = file.name || 'file';
    const image = isImage(type);
    const form = new FormData();
    form.append('file', file, name);
    const answer = await sendBytes(env, {
      url: base + (image ? '/images/users' : '/files/users'),
      method: 'POST',
      headers: { Authorization: await authorization() },
      body: form,
      onProgress,
      signal,
    });
    const filename = asRecord(readAnswer(answer)).filename;
    if (!isId(filename)) bad('upload');
    const url = base + (image ? '/images?path=' : '/files/download?path=') + encodeURIComponent(filename);
    pixels.set(filename, await pixelsOf(file));
    return { id: filename, name, type, size: file.size, url };
  }
  /** The message fields that carry an uploaded file (`type`, `metadata`). */
  const fileMessage = (file: Attachment) => ({
    type: isImage(file.type) ? 'image' : 'file',
    metadata: { name: file.name, src: file.url, ...pixels.get(file.id), type: file.type, uid: file.id, size: file.size },
  });
  return { upload, fileMessage };
}
