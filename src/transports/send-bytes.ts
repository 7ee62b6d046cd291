/**
 * File bodies with upload progress, for every transport's `upload()`. The page's XMLHttpRequest reports
 * upload progress (fetch cannot); where there is none (Node, workers) fetch sends the body and progress
 * jumps from 0 to 1. `TransportEnv.sendBytes` replaces both (tests, hosts with their own HTTP stack).
 * Failures are `ParleyError`s: `network` (retryable) when the request could not be made, `http` for a
 * refusing status (retryable for 5xx), and an abort rejects with a `network` error that is not retryable.
 */
import { ParleyError } from '../core/errors';
import type { BytesRequest, TransportEnv } from '../core/transport';

type Answer = { status: number; text: string };

/** XMLHttpRequest, with `upload.onprogress`. */
function withXhr(request: BytesRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && request.onProgress(event.loaded / event.total);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new Error('network error'));
    xhr.onabort = () => reject(new Error('aborted'));
    request.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(request.body);
  });
}

/** fetch: progress only at the end. */
async function withFetch(fetchFn: typeof fetch, request: BytesRequest): Promise<Answer> {
  request.onProgress(0);
  const response = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body, signal: request.signal });
  const text = await response.text();
  request.onProgress(1);
  return { status: response.status, text };
}

/** Sends `request` and returns the answer's text; a `ParleyError` for anything but a 2xx. */
export async function sendBytes(env: TransportEnv, request: BytesRequest): Promise<string> {
  const what = request.method + ' ' + new URL(request.url).pathname;
  if (request.signal.aborted) throw new ParleyError('network', what + ' cancelled', { retryable: false });
  let answer: Answer;
  try {
    if (env.sendBytes) answer = await env.sendBytes(request);
    else if (typeof XMLHttpRequest === 'function') answer = await withXhr(request);
    else answer = await withFetch(env.fetch, request);
  } catch (cause) {
    if (request.signal.aborted) throw new ParleyError('network', what + ' cancelled', { retryable: false, cause });
    throw new ParleyError('network', what + ' failed: network error', { cause });
  }
  if (answer.status < 200 || answer.status > 299) throw new ParleyError('http', `${what}: HTTP (${answer.status})`, { status: answer.status });
  return answer.text;
}
