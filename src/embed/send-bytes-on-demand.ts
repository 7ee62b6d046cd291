/**
 * In the backend files of `dist/`, the stand-in for ../transports/send-bytes.ts (vite.config.ts points
 * `../send-bytes` here for those builds only): most visitors never send a file, so the code that sends
 * file bodies with progress and reads their answers comes in its own file, `dist/parley-bytes.js`, which
 * `dist/parley.js` fetches on the first upload (./bytes-entry.ts). If that file cannot be fetched, the
 * upload fails as a network error (retryable: the message keeps its Retry and loses nothing).
 */
import type { BytesRequest, TransportEnv } from '../core/transport';
import { bytesNetworkError } from '../transports/bytes-failure';
import { bytesCode } from './deferred';

export async function sendBytes(env: TransportEnv, request: BytesRequest): Promise<string> {
  try {
    await bytesCode.when();
  } catch (cause) {
    throw bytesNetworkError(request, cause);
  }
  return bytesCode.get()(env, request);
}
