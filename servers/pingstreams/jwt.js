// Minimal HS256/384/512 JWT and id helpers for the local Pingstreams server (no dependencies).
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const ALGS = /** @type {Record<string, string>} */ ({ HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' });

/** @param {string | Buffer} s */
const b64url = (s) => Buffer.from(s).toString('base64url');

/**
 * Signs a JWT.
 * @param {Record<string, unknown>} payload
 * @param {string} secret
 * @param {string} [alg]
 * @returns {string}
 */
export function signJwt(payload, secret, alg = 'HS256') {
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' })) + '.' + b64url(JSON.stringify(payload));
  return head + '.' + createHmac(ALGS[alg] ?? 'sha256', secret).update(head).digest('base64url');
}

/**
 * Decodes a JWT payload without verifying it (as passport does to pick the secret from `aud`).
 * @param {string} token
 * @returns {Record<string, any> | null}
 */
export function decodeJwt(token) {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? payload : null;
  } catch {
    return null;
  }
}

/**
 * Verifies signature and `exp` (seconds). Returns the payload or null.
 * @param {string} token
 * @param {string} secret
 * @param {number} nowMs
 * @returns {Record<string, any> | null}
 */
export function verifyJwt(token, secret, nowMs) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const header = decodeJwt('.' + parts[0]);
  const hash = header && ALGS[String(header.alg)];
  if (!hash) return null;
  const expected = createHmac(hash, secret).update(parts[0] + '.' + parts[1]).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const payload = decodeJwt(token);
  if (!payload) return null;
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= nowMs) return null;
  return payload;
}

let counter = randomBytes(3).readUIntBE(0, 3);
/**
 * A Mongo-ObjectId-shaped id (24 hex): seconds + random + counter, so ids sort by creation.
 * @param {number} nowMs
 */
export function objectId(nowMs) {
  counter = (counter + 1) % 0xffffff;
  return (
    Math.floor(nowMs / 1000).toString(16).padStart(8, '0') +
    randomBytes(5).toString('hex') +
    counter.toString(16).padStart(6, '0')
  );
}

/** A uuid v4 with dashes (anonymous users' `_id`). */
export const uuid = () => randomUUID();
