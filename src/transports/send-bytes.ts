/**
 * File bodies with upload progress, for every transport's `upload()`: ./bytes-with-progress.ts sends them
 * (XMLHttpRequest, else fetch); `TransportEnv.sendBytes` replaces it (tests, hosts with their own HTTP
 * stack). Failures are `ParleyError`s: `network` (retryable) when the request could not be made, `http` for
 * a refusing status (retryable for 5xx), and an abort rejects with a `network` error that is not retryable.
 * In `dist/` this module and ./bytes-with-progress.ts are `parley-bytes.js`, fetched on the first upload: the
 * backend files carry ../embed/send-bytes-on-demand.ts, a `network` error when that file cannot be fetched.
 */
import { ParleyError } from '../core/errors';
import type { BytesRequest, TransportEnv } from '../core/transport';
import { bytesNetworkError, bytesRequestName } from './bytes-failure';
import { sendWithProgress, type BytesAnswer } from './bytes-with-progress';

/** Sends `request` and returns the answer's text; a `ParleyError` for anything but a 2xx. */
export async function sendBytes(env: TransportEnv, request: BytesRequest): Promise<string> {
  const what = bytesRequestName(request);
  if (request.signal.aborted) throw new ParleyError('network', what + ' cancelled', { retryable: false });
  let answer: BytesAnswer;
  try {
    answer = await (env.sendBytes ? env.sendBytes(request) : sendWithProgress(env, request));
  } catch (cause) {
    if (request.signal.aborted) throw new ParleyError('network', what + ' cancelled', { retryable: false, cause });
    throw bytesNetworkError(request, cause);
  }
  if (answer.status < 200 || answer.status > 299) throw new ParleyError('http', `${what}: HTTP (${answer.status})`, { status: answer.status });
  return answer.text;
}
