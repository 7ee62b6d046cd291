/**
 * The visitor's files (§5), where the deployment allows them (`allowedMedia`, `blockedExtensions` of the
 * `SessionResponse`, §2.2):
 * 1. `onAttachment` (the client picks the attachmentId) → `PresignedUrlResponse {url, headers}`, or a
 *    `GenerateUrlError` / error frame when the server's policy refuses the file;
 * 2. `PUT url` with exactly the presigned `headers` plus the file's `Content-Type` (with progress);
 * 3. the pushed `UploadSuccessEvent` (or `UploadFailureEvent`) for that attachmentId;
 * then the message carries `{contentType: 'Attachment', attachment: {id}}` (index.ts `send`).
 * The size, type and extension are checked before anything is asked (1 KB counted as 1000 bytes, as the SDK does).
 */
import { ParleyError } from '../../core/errors';
import type { Clock, FileLimits, TransportEnv, UploadFile, UploadOptions } from '../../core/transport';
import type { Attachment } from '../../core/types';
import { asRecord, isId, isText } from '../kit';
import type { Link } from '../link';
import { sendBytes } from '../send-bytes';
import type { Requests } from './requests';
import { GENESYS_MESSAGING, newUuid, toError, type Envelope } from './wire';

/** How long the upload's result event may take after the PUT (the server scans the file first). */
const RESULT_TIMEOUT_MS = 60000;

/** What the deployment takes (`FileLimits`, mutable: updated after every `SessionResponse`). */
type UploadPolicy = { maxBytes: number; types?: string[]; blockedExtensions: string[] };

/** The upload policy of a `SessionResponse` body; `undefined` when the deployment takes no files. */
export function readUploadPolicy(body: unknown): UploadPolicy | undefined {
  const fields = asRecord(body);
  const inbound = asRecord(asRecord(fields.allowedMedia).inbound);
  const fileTypes = (Array.isArray(inbound.fileTypes) ? inbound.fileTypes : []).map((entry) => asRecord(entry).type).filter(isId);
  const maxKb = inbound.maxFileSizeKB;
  if (!fileTypes.length || typeof maxKb != 'number' || !(maxKb > 0)) return undefined;
  const blocked = Array.isArray(fields.blockedExtensions) ? fields.blockedExtensions.filter(isId) : [];
  return {
    maxBytes: maxKb * 1000,
    // `*/*` takes any type: no type list then.
    types: fileTypes.includes('*/*') ? undefined : fileTypes.map((type) => type.toLowerCase()),
    blockedExtensions: blocked.map((extension) => (extension.startsWith('.') ? extension : '.' + extension).toLowerCase()),
  };
}

/** The blocked extension `fileName` ends with, if any. */
export const blockedExtensionOf = (fileName: string, blocked: readonly string[] | undefined) =>
  blocked?.find((extension) => fileName.toLowerCase().endsWith(extension));

interface ResultWaiter {
  resolve(downloadUrl: string | undefined): void;
  reject(error: ParleyError): void;
}

/**
 * `token()` is the session's guest token. `limits` is the object the transport exposes as `fileLimits`:
 * it is updated in place after every `SessionResponse` (the core and the UI hold the same object).
 */
export function createUploads(env: TransportEnv, link: Link, requests: Requests, clock: Clock, token: () => string) {
  const limits: UploadPolicy = { maxBytes: 0, types: [], blockedExtensions: [] };
  let allowed = false;
  /** attachmentId → the upload waiting for its result event. */
  const results = new Map<string, ResultWaiter>();

  const refuse = (message: string, reason: string, limit?: number) =>
    new ParleyError('validation', `${GENESYS_MESSAGING}: ${message}`, { reason, ...(limit === undefined ? {} : { limit }) });

  /** The pushed result of the PUT for `attachmentId` (its download URL), failing on timeout or abort. */
  const resultOf = (attachmentId: string, signal: AbortSignal) =>
    new Promise<string | undefined>((resolve, reject) => {
      const stop = () => {
        results.delete(attachmentId);
        clock.clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
      };
      const aborted = () => {
        stop();
        reject(new ParleyError('network', `${GENESYS_MESSAGING}: upload cancelled`, { retryable: false }));
      };
      const timer = clock.setTimeout(() => {
        stop();
        reject(link.fault('network', 'the upload got no result'));
      }, RESULT_TIMEOUT_MS);
      signal.addEventListener('abort', aborted, { once: true });
      results.set(attachmentId, {
        resolve: (url) => (stop(), resolve(url)),
        reject: (error) => (stop(), reject(error)),
      });
    });

  return {
    limits: limits as FileLimits,
    /** Whether the deployment takes files (after the last `SessionResponse`). */
    allowed: () => allowed,

    /** A `SessionResponse` body: its policy becomes the limits. */
    configured(sessionBody: unknown) {
      const policy = readUploadPolicy(sessionBody);
      allowed = !!policy;
      limits.maxBytes = policy?.maxBytes ?? 0;
      limits.types = policy ? policy.types : [];
      limits.blockedExtensions = policy?.blockedExtensions ?? [];
    },

    /** Handles an upload result push; false when `envelope` is none. */
    handle(envelope: Envelope): boolean {
      if (envelope.className != 'UploadSuccessEvent' && envelope.className != 'UploadFailureEvent') return false;
      const body = asRecord(envelope.body);
      const waiter = isId(body.attachmentId) ? results.get(body.attachmentId) : undefined;
      if (!waiter) return true;
      if (envelope.className == 'UploadSuccessEvent') waiter.resolve(isText(body.downloadUrl) && /^https?:\/\//i.test(body.downloadUrl) ? body.downloadUrl : undefined);
      else waiter.reject(toError({ ...envelope, code: typeof body.errorCode == 'number' ? body.errorCode : 4001 }));
      return true;
    },

    /** Fails every upload waiting for its result (the socket closed: the result may be lost; retried). */
    failAll(error: ParleyError) {
      for (const waiter of [...results.values()]) waiter.reject(error);
    },

    async upload(file: UploadFile, { onProgress, signal }: UploadOptions): Promise<Attachment> {
      const name = file.name || 'file';
      const type = file.type || 'application/octet-stream';
      if (!allowed) throw new ParleyError('unsupported', `${GENESYS_MESSAGING}: this deployment takes no files`);
      if (!file.size) throw refuse('the file is empty', 'file-empty');
      if (file.size > limits.maxBytes) throw refuse(`the file is larger than the deployment's ${limits.maxBytes / 1000} KB`, 'file-size', limits.maxBytes);
      const blocked = blockedExtensionOf(name, limits.blockedExtensions);
      if (blocked) throw refuse(`${blocked} files are blocked by the deployment`, 'file-type');

      const attachmentId = newUuid();
      const grant = await requests.request('onAttachment', { token: token(), attachmentId, fileName: name, fileType: type, fileSize: file.size, errorsAsJson: true });
      // `errorsAsJson`: a refusal comes as a GenerateUrlError object (code 200, §5 item 4).
      if (grant.className == 'GenerateUrlError') throw toError({ ...grant, code: Number(asRecord(grant.body).errorCode) || 4001 });
      const presigned = asRecord(grant.body);
      const headers = asRecord(presigned.headers);
      if (!isText(presigned.url) || !/^https?:\/\//i.test(presigned.url) || !Object.values(headers).every(isText)) return link.badAnswer('onAttachment');

      const result = resultOf(attachmentId, signal);
      result.catch(() => undefined); // awaited below, after the PUT; a PUT failure must not leave it unhandled
      try {
        await sendBytes(env, { url: presigned.url, method: 'PUT', headers: { ...(headers as Record<string, string>), 'Content-Type': type }, body: file, onProgress, signal });
      } catch (failure) {
        results.get(attachmentId)?.reject(failure as ParleyError);
        // The pending attachment is removed (best effort; the visitor's retry asks for a new one).
        requests.request('deleteAttachment', { token: token(), attachmentId }).catch(() => undefined);
        const error = failure as ParleyError;
        if (error.code != 'http') throw error;
        throw new ParleyError('http', `${GENESYS_MESSAGING}: the upload was refused (HTTP ${error.status})`, { status: error.status, retryable: error.retryable, cause: error });
      }
      const downloadUrl = await result;
      return { id: attachmentId, name, type, size: file.size, url: downloadUrl ?? link.badAnswer('UploadSuccessEvent') };
    },
  };
}
