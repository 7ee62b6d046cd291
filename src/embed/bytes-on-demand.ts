/**
 * In the backend files of `dist/`, the stand-in for ../transports/bytes-with-progress.ts (vite.config.ts
 * points `./bytes-with-progress` here for those builds only): most visitors never send a file, so the code
 * that sends file bodies with progress comes in its own file, `dist/parley-bytes.js`, which
 * `dist/parley.js` fetches on the first upload (./bytes-entry.ts). A fetch that fails rejects, and the
 * upload fails as a network error (retryable: the message keeps its Retry and loses nothing).
 */
import type { BytesRequest, TransportEnv } from '../core/transport';
import type { BytesAnswer } from '../transports/bytes-with-progress';
import { bytesCode } from './deferred';

export async function sendWithProgress(env: TransportEnv, request: BytesRequest): Promise<BytesAnswer> {
  await bytesCode.when();
  return bytesCode.get()(env, request);
}
