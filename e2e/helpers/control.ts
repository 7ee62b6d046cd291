/**
 * The agent side of the local servers, over their HTTP control APIs (`/test/*`), as the demo's
 * operator console drives them: the tests play the agent through the same routes.
 */

/** `GET` (no body) or `POST` (JSON body) to `base + path`; the JSON answer, or a thrown error naming the route. */
export async function control<T = unknown>(base: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${body === undefined ? 'GET' : 'POST'} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
