/**
 * A file body sent with upload progress: the page's XMLHttpRequest reports upload progress (fetch cannot);
 * where there is none (Node, workers) fetch sends the body and progress jumps from 0 to 1. Only a widget
 * that sends a file needs this: in `dist/` it is in its own file with ./send-bytes.ts, `parley-bytes.js`,
 * fetched on the first upload (vite.config.ts points the backend files' `../send-bytes` at
 * ../embed/send-bytes-on-demand.ts); the npm entries and the tests use these modules themselves. Resolves
 * with the answer's status and text; rejects only when the request could not be made or was aborted
 * (./send-bytes.ts says which, and checks for a cancel just before it calls this).
 */
import type { BytesRequest, TransportEnv } from '../core/transport';

export type BytesAnswer = { status: number; text: string };

/** XMLHttpRequest, with `upload.onprogress`. */
function withXhr(request: BytesRequest): Promise<BytesAnswer> {
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
async function withFetch(fetchFn: typeof fetch, request: BytesRequest): Promise<BytesAnswer> {
  request.onProgress(0);
  const response = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body, signal: request.signal });
  const text = await response.text();
  request.onProgress(1);
  return { status: response.status, text };
}

/** Sends `request` with the page's XMLHttpRequest where it exists, else with `env.fetch`. */
export function sendWithProgress(env: TransportEnv, request: BytesRequest): Promise<BytesAnswer> {
  return typeof XMLHttpRequest === 'function' ? withXhr(request) : withFetch(env.fetch, request);
}
