// Token checks of the local Pingstreams server, following Tiledesk's passport + valid-token middleware
// (shared/protocols/pingstreams.md §1, §2.4, §8).
import { decodeJwt, verifyJwt } from './jwt.js';
import { ROLES } from './state.js';

/**
 * @typedef {{ status: number, body: unknown }} Failure
 * @typedef {Record<string, any>} TokenUser
 */

/**
 * @param {{ projectId: string, projectSecret: string, globalSecret: string, now: () => number,
 *   state: ReturnType<typeof import('./state.js').createState> }} ctx
 */
export function createAuth({ projectId, projectSecret, globalSecret, now, state }) {
  /**
   * passport-jwt: `aud` is read unverified; only its URL path picks the secret.
   * @param {string} token
   * @returns {{ payload: TokenUser } | { missingAud: true } | null}
   */
  function verifyToken(token) {
    const unverified = decodeJwt(token);
    if (!unverified) return null;
    if (unverified.aud === undefined) return { missingAud: true };
    let path = '';
    try {
      path = new URL(String(unverified.aud)).pathname;
    } catch {
      path = '';
    }
    const project = /^\/projects\/([^/]+)/.exec(path);
    if (project && project[1] !== projectId) return null;
    const payload = verifyJwt(token, project ? projectSecret : globalSecret, now());
    return payload ? { payload } : null;
  }

  /**
   * The token's user (`req.user`): visitors are built from the payload, others looked up.
   * @param {string} token
   * @returns {TokenUser | null}
   */
  function userOf(token) {
    const v = verifyToken(token);
    if (!v || !('payload' in v)) return null;
    const p = v.payload;
    const id = p._id ?? p._doc?._id;
    if (typeof id !== 'string') return null;
    if (p.sub === 'userexternal' || p.sub === 'guest') return { ...p, _id: id };
    const u = state.usersById.get(id);
    if (u) return state.publicUser(u);
    // A fresh token signed for a custom-JWT agent/admin (sheet §2.3) has no registered user here.
    return state.projectUsers.has(id) ? { ...p, _id: id } : null;
  }

  /**
   * The Authorization header (or `?secret_token=`) → the user, or the exact failure answer.
   * @param {string | undefined} header
   * @param {string | null} queryToken
   * @returns {{ user: TokenUser } | Failure}
   */
  function authenticate(header, queryToken) {
    let raw = queryToken;
    if (header !== undefined || raw === null) {
      const parts = (header ?? '').split(' ');
      if (parts.length !== 2) return { status: 403, body: { success: false, msg: 'Unauthorized.' } };
      // Only the `JWT` scheme (any case) is extracted; `Bearer` fails like a bad token.
      if (parts[0].toLowerCase() !== 'jwt') return { status: 401, body: 'Unauthorized' };
      raw = parts[1];
    }
    const user = userOf(raw);
    return user ? { user } : { status: 401, body: 'Unauthorized' };
  }

  /**
   * Project membership + role (has-role.js). `minRole` null admits any Project_user.
   * @param {TokenUser} user @param {string} pid @param {string | null} minRole
   * @returns {Failure | null}
   */
  function checkRole(user, pid, minRole) {
    const pu = pid === projectId ? state.projectUsers.get(user._id) : undefined;
    if (!pu || pu.status !== 'active') return { status: 403, body: { success: false, msg: 'you dont belong to the project.' } };
    if (minRole && ROLES.indexOf(pu.role) < ROLES.indexOf(minRole)) {
      return { status: 403, body: { success: false, msg: 'you dont have the required role.' } };
    }
    return null;
  }

  /** Full name as the server derives it. @param {TokenUser} u */
  const fullName = (u) => [u.firstname, u.lastname].filter(Boolean).join(' ') || 'Guest';

  /** Role of the user's Project_user (undefined outside the project). @param {TokenUser} u */
  const roleOf = (u) => state.projectUsers.get(u._id)?.role;

  return { verifyToken, userOf, authenticate, checkRole, fullName, roleOf };
}
