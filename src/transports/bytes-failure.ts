/**
 * How a file body request that could not be made fails: one `network` error (retryable), the same whether the
 * request itself failed (./send-bytes.ts) or, in `dist/`, the file with the code that sends it could not be
 * fetched (../embed/send-bytes-on-demand.ts).
 */
import { ParleyError } from '../core/errors';
import type { BytesRequest } from '../core/transport';

/** The request as errors name it: its method and path. */
export const bytesRequestName = (request: BytesRequest): string => request.method + ' ' + new URL(request.url).pathname;

/** The request could not be made (retryable: the message keeps its Retry and loses nothing). */
export const bytesNetworkError = (request: BytesRequest, cause: unknown): ParleyError =>
  new ParleyError('network', bytesRequestName(request) + ' failed: network error', { cause });
