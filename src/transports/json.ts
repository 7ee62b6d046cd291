/**
 * JSON text from the wire, parsed safely: HTTP answers (http.ts) and socket frames (every backend's
 * stream) go through `parseJson`.
 */

/** Thrown by the reviver below; caught by the callers, which report bad JSON their own way. */
class ProtoKeyError extends Error {}

/**
 * `JSON.parse` that refuses `__proto__` keys: wire data reaching host code must never carry one
 * (a later `Object.assign` or deep merge would rewrite a prototype). Throws on those as on bad JSON.
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => {
    if (key == '__proto__') throw new ProtoKeyError('__proto__ key in JSON');
    return value;
  });
}

/** Largest socket frame parsed (4 MiB): nothing a backend sends is that big, so a huge frame is hostile. */
export const MAX_FRAME_LENGTH = 1 << 22;

/**
 * A socket frame's JSON, or `undefined` when it is not a text frame, not JSON (or has a `__proto__`
 * key), or is over MAX_FRAME_LENGTH (not even parsed).
 */
export function parseFrame(data: unknown): unknown {
  if (typeof data != 'string' || data.length >= MAX_FRAME_LENGTH) return undefined;
  try {
    return parseJson(data);
  } catch {
    return undefined;
  }
}
