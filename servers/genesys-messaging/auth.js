/**
 * Authenticated messaging on the fake (§2.9): `POST /api/v2/webdeployments/token/oauthcodegrantjwtexchange`
 * turns an OAuth code into a JWT (the fake trusts any code: it stands for the site's IdP), and
 * `configureAuthenticatedSession` takes that JWT as `data.code`. A JWT this server did not sign, or one
 * that expired, is refused with 401 "User is unauthorized"; a token that was authenticated cannot be
 * configured as a guest again (4017). Served only when the deployment has `authEnabled`.
 */
import { randomBytes } from 'node:crypto';
import { isObj, readBody, sendError, sendJson } from '../genesys/http-util.js';

export const EXCHANGE_PATH = '/api/v2/webdeployments/token/oauthcodegrantjwtexchange';
/** Lifetime of the JWTs the exchange hands out. */
const AUTH_JWT_TTL_SEC = 3600;
const AUTH_ORG = 'webdeployments-auth';

export const AUTH_ERRORS = /** @type {const} */ ({
  unauthorized: [401, 'User is unauthorized'],
  noGuestAfterAuth: [4017, 'Cannot configure a guest session on a token that was authenticated'],
});

/**
 * @typedef {import('./index.js').ServerContext} ServerContext
 * @typedef {{ sign(claims: { conv: string, did: string, sub: string, org: string, ttlSec: number, nowMs: number }): string,
 *   verify(token: string): import('../genesys/jwt.js').GuestClaims | undefined }} Signer
 */

/**
 * @param {ServerContext} ctx
 * @param {Signer} signer the server's JWT signer
 */
export function createAuth(ctx, signer) {
  return {
    /**
     * A JWT for the user behind `code` (its subject is `user:<code>`).
     * @param {string} code
     */
    exchange(code) {
      const jwt = signer.sign({ conv: '', did: ctx.deploymentId, sub: 'user:' + code, org: AUTH_ORG, ttlSec: AUTH_JWT_TTL_SEC, nowMs: ctx.now() });
      return { jwt, refreshToken: randomBytes(16).toString('hex') };
    },

    /**
     * The user a `configureAuthenticatedSession` JWT names, or undefined when it is not valid now.
     * @param {unknown} jwt
     */
    userOf(jwt) {
      if (typeof jwt !== 'string' || !jwt) return undefined;
      const claims = signer.verify(jwt);
      if (!claims || claims.org !== AUTH_ORG || claims.data.did !== ctx.deploymentId || claims.exp * 1000 <= ctx.now()) return undefined;
      return claims.data.sub;
    },

    /**
     * `POST …/oauthcodegrantjwtexchange {deploymentId, oauth: {code}}` → `{jwt, refreshToken}`.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     */
    async exchangeRoute(req, res) {
      if (!ctx.settings.authEnabled) return sendError(res, 404, 'not.found', 'Authenticated messaging is not enabled for this deployment');
      let body;
      try {
        body = JSON.parse((await readBody(req, 64 * 1024)) ?? '');
      } catch {
        body = undefined;
      }
      const code = isObj(body) && isObj(body.oauth) ? body.oauth.code : undefined;
      if (!isObj(body) || body.deploymentId !== ctx.deploymentId || typeof code !== 'string' || !code) {
        return sendError(res, 400, 'bad.request', 'deploymentId and oauth.code are required');
      }
      sendJson(res, 200, this.exchange(code));
    },
  };
}

/** @typedef {ReturnType<typeof createAuth>} Auth */
