/**
 * Genesys guest-chat REST operations (protocols/genesys.md §4), one function each, answers validated.
 * The JWT travels only in the `Authorization` header: never in a URL, a log line or an error message
 * (http.ts names method + path only).
 */
import { ParleyError } from '../../core/errors';
import { parseJson, requestJson } from '../http';
import type { TransportEnv } from '../transport';
import { isId, isObj, toMember, toWire, type WireMember, type WireMessage } from './wire';

/**
 * What resumes a conversation after a reload; the core stores it as the SessionRef. The ONE place the
 * JWT is kept (it is a bearer secret; `eventStreamUri` embeds it too).
 */
export interface GenesysSession {
  conversationId: string;
  memberId: string;
  jwt: string;
  eventStreamUri: string;
  /** JWT expiry, seconds since the epoch (read from its payload, unverified). */
  exp?: number;
}

/** The JWT's `exp` claim, if it can be read. */
const expOf = (jwt: string): number | undefined => {
  try {
    const p = parseJson(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return isObj(p) && typeof p.exp === 'number' ? p.exp : undefined;
  } catch {
    return undefined;
  }
};

/** The REST client `genesysApi()` returns. */
export type GenesysApi = ReturnType<typeof genesysApi>;

/** The REST client for `base` (`https://api.mypurecloud.com`). */
export function genesysApi(base: string, env: TransportEnv) {
  const e = encodeURIComponent;
  const call = (s: GenesysSession | undefined, path: string, method?: string, body?: unknown) =>
    requestJson(env.fetch, env.clock, base + '/api/v2/webchat/guest/conversations' + path, {
      method,
      body,
      headers: s ? { Authorization: 'Bearer ' + s.jwt } : undefined,
    });
  const bad = (what: string): never => {
    throw new ParleyError('protocol', 'genesys: unexpected answer to ' + what);
  };
  const conv = (s: GenesysSession) => '/' + e(s.conversationId);
  const me = (s: GenesysSession) => conv(s) + '/members/' + e(s.memberId);

  return {
    /** POST conversations (no auth): `{id, jwt, eventStreamUri, member:{id}}`. */
    async create(body: object): Promise<GenesysSession> {
      const v = await call(undefined, '', 'POST', body);
      if (!isObj(v) || !isId(v.id) || !isObj(v.member) || !isId(v.member.id) || typeof v.jwt !== 'string' || !/^wss?:\/\//.test(v.eventStreamUri as string))
        return bad('create');
      return { conversationId: v.id, memberId: v.member.id, jwt: v.jwt, eventStreamUri: v.eventStreamUri as string, exp: expOf(v.jwt) };
    },
    async send(s: GenesysSession, text: string): Promise<WireMessage> {
      return toWire(await call(s, me(s) + '/messages', 'POST', { body: text, bodyType: 'standard' })) || bad('send');
    },
    typing: (s: GenesysSession) => call(s, me(s) + '/typing', 'POST'),
    /** One page of GET messages (`query` without `?`); `count` is the raw page size, for paging. */
    async messages(s: GenesysSession, query: string): Promise<{ list: WireMessage[]; count: number }> {
      const v = await call(s, conv(s) + '/messages?' + query);
      if (!isObj(v) || !Array.isArray(v.entities)) return bad('messages');
      const count = v.entities.length;
      const list = v.entities.map(toWire).filter((m): m is WireMessage => !!m);
      if (list.length < count) env.log('debug', 'genesys: dropped malformed messages');
      return { list, count };
    },
    member: (s: GenesysSession, id: string): Promise<WireMember> => call(s, conv(s) + '/members/' + e(id)).then(toMember),
    /** DELETE own member: the guest leaves, which ends the chat (204). */
    leave: (s: GenesysSession) => call(s, me(s), 'DELETE'),
  };
}
