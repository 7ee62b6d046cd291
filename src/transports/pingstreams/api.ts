/**
 * Pingstreams' REST routes for a visitor (protocol sheet `pingstreams.md` §2–§3), one function each,
 * answers validated. `authz` is the full `Authorization` value (`JWT <token>`, quirk 1).
 */
import { ParleyError } from '../../core/errors';
import { requestJson } from '../http';
import type { SendResult, TransportEnv } from '../transport';
import { isObj } from './wire';

/** A signed-in visitor: the session token (`JWT …`) and the user id messages are sent as. */
export interface SignedIn {
  token: string;
  userId: string;
}

export type PingstreamsApi = ReturnType<typeof pingstreamsApi>;

/** The REST client for one project under `base` (the API URL, no trailing slash). */
export function pingstreamsApi(base: string, projectId: string, env: TransportEnv) {
  const rq = (rid: string) => `/${projectId}/requests/${encodeURIComponent(rid)}`;
  const call = (path: string, authz?: string, method?: string, body?: unknown) =>
    requestJson(env.fetch, env.clock, base + path, { method, body, headers: authz ? { Authorization: authz } : undefined });
  const bad = (what: string): never => {
    throw new ParleyError('protocol', 'pingstreams: unexpected answer to ' + what);
  };
  /** `{success, token, user:{_id}}` from the three auth routes (§2). */
  const signedIn = async (path: string, body?: unknown, authz?: string): Promise<SignedIn> => {
    const v = await call('/auth/' + path, authz, 'POST', body);
    if (!isObj(v) || typeof v.token !== 'string' || !isObj(v.user) || typeof v.user._id !== 'string') return bad(path);
    return { token: /^JWT /i.test(v.token) ? v.token : 'JWT ' + v.token, userId: v.user._id };
  };

  return {
    anonymous: (profile: Record<string, unknown>) => signedIn('signinAnonymously', { id_project: projectId, ...profile }),
    /** `authz` carries the site's custom JWT; there is no body (§2.3). */
    custom: (authz: string) => signedIn('signinWithCustomToken', undefined, authz),
    password: (email: string, password: string) => signedIn('signin', { email, password }),

    /** Every message of the request, oldest first (§3.3: one unpaginated array). */
    async messages(authz: string, rid: string): Promise<unknown[]> {
      const v = await call(rq(rid) + '/messages', authz);
      return Array.isArray(v) ? v : bad('messages');
    },

    /** Sends a message; the first one creates the request (§3.2). */
    async send(authz: string, rid: string, body: Record<string, unknown>): Promise<SendResult> {
      const v = await call(rq(rid) + '/messages', authz, 'POST', body);
      return isObj(v) && typeof v._id === 'string' && typeof v.createdAt === 'string' ? { id: v._id, createdAt: v.createdAt } : bad('send');
    },

    /** The visitor closes the request (§3.5). */
    close: (authz: string, rid: string) => call(rq(rid) + '/closeg', authz, 'PUT'),

    /** Stars and comment on the visitor's own request (§3.6). */
    rate: (authz: string, rid: string, rating: number, comment?: string) =>
      call(rq(rid) + '/rating', authz, 'PATCH', { rating, rating_message: comment }),
  };
}
