/**
 * Guest-chat JWTs as Genesys issues them (protocols/genesys.md §3): RS256 by default (HS256 on request),
 * payload `{data:{conv,did,sub}, exp, iat, iss:'urn:purecloud:webchat', org}`.
 * Only node:crypto; the key lives as long as the server.
 */
import { createHmac, createSign, createVerify, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** @typedef {{ data: { conv: string, did: string, sub: string }, exp: number, iat: number, iss: string, org: string }} GuestClaims */

const b64url = (/** @type {Buffer | string} */ buf) => Buffer.from(buf).toString('base64url');

/**
 * @param {'RS256' | 'HS256'} alg
 */
export function createJwtIssuer(alg = 'RS256') {
  const rsa = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : undefined;
  const secret = randomBytes(32);

  /** @param {string} input */
  const signature = (input) =>
    rsa ? createSign('RSA-SHA256').update(input).sign(rsa.privateKey) : createHmac('sha256', secret).update(input).digest();

  /**
   * @param {string} input
   * @param {Buffer} sig
   */
  const valid = (input, sig) => {
    if (rsa) return createVerify('RSA-SHA256').update(input).verify(rsa.publicKey, sig);
    const want = signature(input);
    return want.length === sig.length && timingSafeEqual(want, sig);
  };

  return {
    alg,
    /**
     * @param {{ conv: string, did: string, sub: string, org: string, ttlSec: number, nowMs: number }} c
     * @returns {string}
     */
    sign({ conv, did, sub, org, ttlSec, nowMs }) {
      const iat = Math.floor(nowMs / 1000);
      /** @type {GuestClaims} */
      const claims = { data: { conv, did, sub }, exp: iat + ttlSec, iat, iss: 'urn:purecloud:webchat', org };
      const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
      return `${input}.${b64url(signature(input))}`;
    },
    /**
     * Checks the signature and shape. Expiry is the caller's business (it also honours `expireJwt`).
     * @param {string} token
     * @returns {GuestClaims | undefined}
     */
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return undefined;
      try {
        const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
        if (header.alg !== alg) return undefined;
        if (!valid(`${parts[0]}.${parts[1]}`, Buffer.from(parts[2], 'base64url'))) return undefined;
        const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
        const d = claims && claims.data;
        if (!d || typeof d.conv !== 'string' || typeof d.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
        return claims;
      } catch {
        return undefined;
      }
    },
  };
}
