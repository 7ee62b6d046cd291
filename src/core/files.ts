/**
 * The visitor's files: checked against the backend's limits, then held here, with the message that
 * carries them, until the outbox has uploaded and sent them.
 *
 * - `chat.sendFile(file)` checks type and size first ({@link checkFile}: a `validation` error with
 *   `reason` `file-size` or `file-type`, nothing queued) and queues an own message (status `sending`,
 *   text empty) whose one attachment shows the local file (a `blob:` URL of this page).
 * - The outbox uploads it when its turn comes (progress: {@link PendingFiles.progress}), replaces the local
 *   attachment by the stored one, and sends the message. An upload is done once: a failed send retries
 *   the send, not the upload.
 * - Cancel (`chat.cancelUpload(id)`) aborts the upload and REMOVES the message (nothing was sent, so
 *   nothing is left to retry). A failed upload makes the message `failed`, with Retry, like a text.
 * - The file is stored with the queued message's record (IndexedDB keeps Blobs), so a reload mid-upload
 *   uploads it again and sends the message once. Where the store cannot keep it (the memory fallback
 *   keeps JSON only), the restored message becomes `failed` with an `error` event (`reason` `file-lost`).
 * - In a tab that follows another tab of the visitor (src/tabs/), the file message is handed to the owner
 *   tab like a text; the owner reads the file from its same-origin `blob:` URL and uploads it.
 */
import { signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import { ParleyError } from './errors';
import type { FileLimits, UploadFile } from './transport';
import type { Attachment } from './types';

/** The MIME type a file without one is sent as. */
export const UNKNOWN_TYPE = 'application/octet-stream';

const typeOf = (file: UploadFile) => file.type || UNKNOWN_TYPE;

/** Whether `type` is one of `accepted` (`image/*` matches any image). */
export function acceptsType(accepted: readonly string[] | undefined, type: string): boolean {
  if (!accepted) return true;
  const lower = type.toLowerCase();
  return accepted.some((pattern) => (pattern.endsWith('/*') ? lower.startsWith(pattern.slice(0, -1)) : pattern === lower));
}

/** The file, or a `validation` error saying what is wrong with it (its `reason` names the rule for translation). */
export function checkFile(file: UploadFile, limits: FileLimits | undefined): UploadFile {
  if (!(file instanceof Blob)) throw new ParleyError('validation', 'sendFile() needs a File or a Blob');
  if (!file.size) throw new ParleyError('validation', 'The file is empty', { reason: 'file-empty' });
  if (limits && file.size > limits.maxBytes)
    throw new ParleyError('validation', `The file is larger than ${limits.maxBytes} bytes`, { reason: 'file-size', limit: limits.maxBytes });
  if (!acceptsType(limits?.types, typeOf(file))) throw new ParleyError('validation', `Files of type ${typeOf(file)} are not accepted`, { reason: 'file-type' });
  const blocked = limits?.blockedExtensions?.find((extension) => (file.name ?? '').toLowerCase().endsWith(extension));
  if (blocked) throw new ParleyError('validation', `${blocked} files are not accepted`, { reason: 'file-type' });
  return file;
}

/** The local attachment of a queued file (its URL is this page's `blob:` URL of the file). */
export function localAttachment(clientId: string, file: UploadFile): Attachment {
  return { id: clientId, name: file.name || 'file', type: typeOf(file), size: file.size, url: URL.createObjectURL(file) };
}

interface PendingFile {
  file: UploadFile;
  progress: Signal<number>;
  /** Set while the upload runs. */
  controller?: AbortController;
  /** The backend's copy, once uploaded. */
  stored?: Attachment;
  /** The `blob:` URL shown meanwhile (revoked when the file is dropped). */
  localUrl: string;
}

export type PendingFiles = ReturnType<typeof createPendingFiles>;

/** clientId → the file a queued message carries. */
export function createPendingFiles() {
  const pending = new Map<string, PendingFile>();
  return {
    add(clientId: string, file: UploadFile, localUrl: string) {
      pending.set(clientId, { file, progress: signal(0), localUrl });
    },
    has: (clientId: string) => pending.has(clientId),
    file: (clientId: string): UploadFile | undefined => pending.get(clientId)?.file,
    /** 0…1 while a file is queued or uploading; undefined when the message has no pending file. */
    progress: (clientId: string): ReadonlySignal<number> | undefined => pending.get(clientId)?.progress,
    stored: (clientId: string) => pending.get(clientId)?.stored,
    /** Starts an upload: a signal to hand to the transport, and where progress goes. */
    begin(clientId: string) {
      const entry = pending.get(clientId)!;
      entry.controller = new AbortController();
      entry.progress.value = 0;
      return {
        signal: entry.controller.signal,
        onProgress: (fraction: number) => {
          entry.progress.value = Math.max(0, Math.min(1, fraction));
        },
      };
    },
    finish(clientId: string, stored: Attachment | undefined) {
      const entry = pending.get(clientId);
      if (!entry) return;
      entry.controller = undefined;
      entry.stored = stored;
      if (stored) entry.progress.value = 1;
    },
    /** Aborts the upload, if one runs. */
    abort(clientId: string) {
      pending.get(clientId)?.controller?.abort();
    },
    /** Forgets the file (sent, cancelled, or its message is gone). */
    drop(clientId: string) {
      const entry = pending.get(clientId);
      if (!entry) return;
      entry.controller?.abort();
      pending.delete(clientId);
      URL.revokeObjectURL(entry.localUrl);
    },
    clear() {
      for (const clientId of [...pending.keys()]) this.drop(clientId);
    },
  };
}
