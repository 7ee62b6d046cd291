/**
 * Genesys Cloud guest chat (ACD Web Chat v2) transport: REST for everything the visitor does, one
 * server → client event stream for everything else (protocols/genesys.md §4, §7, §8). Genesys retired
 * this API in favour of Web Messaging; it stays behind the transport interface so a successor can
 * replace it.
 *
 * The JWT is the guest's bearer secret. It travels only in the `Authorization` header and, inside
 * `eventStreamUri`, to the socket: never into a URL Parley builds, a log line or an error message
 * (http.ts names method + path only).
 *
 * @example
 * createChat(genesys({ environment: 'mypurecloud.ie', organizationId, deploymentId, queue: 'Support' }))
 */
import { authOption, type TokenResponse } from '../../auth/token-provider';
import { invalid } from '../../core/config';
import { createEmitter } from '../../core/emitter';
import type { Message, Sender } from '../../core/types';
import { parseFrame, requestJson } from '../http';
import { identityMapper, type IdentityMap } from '../identity';
import { bad as badAnswer, fault, isId, isTime, q } from '../kit';
import { openSocket, type Socket, type SocketOptions } from '../socket';
import { caps, type Transport, type TransportEnv, type TransportEvents, type TransportSpec } from '../../core/transport';
import { role, type Json } from './wire';

/** Options of `genesys()` (script tag: `data-organization-id`, `data-deployment-id`, `data-queue`, …). */
export interface GenesysOptions {
  organizationId: string;
  deploymentId: string;
  /** Queue name (`routingTarget.targetAddress`). */
  queue: string;
  /** Skill names; a comma-separated string is accepted too. */
  skills?: string[] | string;
  /** Language name, e.g. `English`. */
  language?: string;
  priority?: number | string;
  /** Region host, e.g. `mypurecloud.ie` → `https://api.mypurecloud.ie`. Default `mypurecloud.com`. */
  environment?: string;
  /** Full API origin instead of `environment` (a proxy, or a local test server). */
  apiUrl?: string;
  /** Guest name when the visitor has not given one. Default `Guest`. */
  displayName?: string;
  avatarImageUrl?: string;
  /** Sent as `memberInfo.customFields`, under the visitor's string traits. */
  customFields?: Record<string, string>;
  /** Traits → `memberInfo` fields (docs/identity.md). */
  identityMap?: IdentityMap;
  /**
   * Authenticated guests: a token from the site (`{ tokenUrl }` or a function; see createTokenProvider),
   * fetched afresh for each new chat and sent as `memberAuthToken` (a JWT from Genesys's `signeddata`).
   */
  auth?: { tokenUrl: string } | (() => Promise<TokenResponse>);
  /** Expected heartbeat interval of the event stream, ms (default 30 000): 2.5× without any frame reopens it. */
  heartbeatMs?: number;
  /** Reconnect timings of the event stream (tests shorten them). */
  socket?: Pick<SocketOptions, 'minDelay' | 'maxDelay' | 'connectTimeout' | 'stallAttempts' | 'stallMs' | 'silenceMs'>;
}

/**
 * What resumes a conversation after a reload (the core stores it as the SessionRef): the create
 * response as it came (§5). The ONE place the JWT is kept (`eventStreamUri` embeds it too).
 */
export interface GenesysSession {
  /** Conversation id. */
  id: string;
  /** The guest's member. */
  member: { id: string };
  jwt: string;
  eventStreamUri: string;
}

const G = 'genesys';

/** What the messages seen so far tell: `a`, whether an agent has joined yet (a later join is a transfer). */
type Seen = { a?: boolean };

/** Validates the options (a `config` ParleyError naming the key) and returns the transport spec. */
export function genesys(options: GenesysOptions): TransportSpec {
  const o: Json = options || {};
  const fail = (key: string, want = 'a string') => invalid(key, want, G);
  /** An option: `undefined` when unset or empty, else what passes `ok` (default: a string). */
  const get = (key: string, ok = (v: Json): unknown => typeof v == 'string', want?: string): Json => {
    const v = o[key] ?? '';
    return v === '' ? undefined : ok(v) ? v : fail(key, want);
  };
  const need = (key: string): string => get(key) || fail(key);
  /** A number; `data-*` attributes give numeric strings. */
  const num = (key: string): number | undefined => get(key, isFinite, 'a number') * 1 || undefined;
  const organizationId = need('organizationId');
  const deploymentId = need('deploymentId');
  const apiUrl = get('apiUrl', (v) => /^https?:\/\/[^/]/.test(v), 'a URL');
  // `environment` as the SDK's setEnvironment takes it: a scheme and `api.` are dropped.
  const base = `${apiUrl || 'https://api.' + (get('environment') || 'mypurecloud.com').replace(/^(https?:\/\/)?(api\.)?/, '')}`.replace(/\/+$/, '');
  // Guest defaults; the visitor's identity overrides them.
  const displayName = get('displayName') || 'Guest';
  const avatarImageUrl = get('avatarImageUrl');
  const customFields = get('customFields', (v) => typeof v == 'object', 'an object');
  const silenceMs = (num('heartbeatMs') || 30000) * 2.5;
  const tokens = authOption(G, o.auth);
  const contact = identityMapper(G, o.identityMap, { displayName: 'name', email: 'email', avatarImageUrl: 'avatar', phoneNumber: 'phone', customFields: '*' });
  const route = {
    organizationId,
    deploymentId,
    routingTarget: {
      targetType: 'QUEUE',
      targetAddress: need('queue'),
      // A list, or names separated by commas: trimmed, empties dropped.
      skills: String(get('skills', (v) => typeof v == 'string' || Array.isArray(v), 'a list') ?? '').match(/[^,\s]([^,]*[^,\s])?/g) || undefined,
      language: get('language'),
      priority: num('priority'),
    },
  };

  /** The transport of one chat: one conversation at a time (a new one after an end or an expired JWT). */
  const create = (env: TransportEnv): Transport => {
    const { emit, on } = createEmitter<TransportEvents>();
    const { clock, log } = env;
    /** The session (see GenesysSession), and the guest's member id in it. */
    let s: Json;
    let mid: string;
    /** `/{conversationId}` and `/{conversationId}/members/{memberId}`. */
    let at: string;
    let me: string | undefined;
    let sock: Socket | undefined;
    /** Undefined until the stream first opened. */
    let live: boolean | undefined;
    let ended: boolean | undefined;
    /** Frames are handled one at a time, so member lookups never reorder events. */
    let chain: Promise<unknown> = Promise.resolve();
    let typingTimer: unknown;
    /** Member lookups by id (ids are unique: no need to forget them between conversations). */
    const members = new Map<string, Promise<[Sender, string?]>>();
    let seen: Seen;

    const bad = (what: string) => badAnswer(G, what);
    const dropped = () => void log('debug', 'genesys: dropped malformed data');

    /** One REST call; `path` after `/conversations` (empty: create, the one call without the JWT). */
    const call = (path: string, method?: string, body?: unknown): Promise<Json> =>
      requestJson(env.fetch, clock, base + '/api/v2/webchat/guest/conversations' + path, {
        method,
        body,
        headers: path ? { Authorization: 'Bearer ' + s.jwt } : undefined,
      });

    /** Adopts a session (just created, or stored) if it has the right shape; returns `me` then. */
    const take = (v: Json) =>
      isId(v?.id) && isId(v.member?.id) && /^wss?:\/\//.test(v.eventStreamUri) && (me = (at = '/' + q((s = v).id)) + '/members/' + q((mid = v.member.id)));

    const over = () => {
      if (!ended) {
        ended = true;
        sock?.close();
        emit('ended', {});
      }
    };

    /** A call the chat depends on: a 401 is reported (no refresh exists); a 400 once the chat is over means just that (quirk 11). */
    const api = (path: string, method?: string, body?: unknown): Promise<Json> =>
      call(path, method, body).catch(async (err) => {
        if (err.code == 'auth') emit('error', err);
        // http.ts keeps no error code from the body: ask whether the guest is still in the chat.
        else if (err.status == 400 && (await call(me!).then((m) => m?.state == 'DISCONNECTED', (x) => x.status == 400))) {
          over();
          throw fault(G, 'ended', 'chat ended');
        }
        throw err;
      });

    /** Role and name of a member (quirks 2/3: messages carry only the sender id); cached, failures retried. */
    const who = (id: string) => {
      let p = members.get(id);
      if (!p)
        members.set(
          id,
          (p = call(at + '/members/' + q(id))
            .catch(() => void members.delete(id))
            .then((v): [Sender, string?] => [role(v?.role), isId(v?.displayName) ? v.displayName : undefined])),
        );
      return p;
    };

    /**
     * A stored or streamed WebChatMessage as the visitor sees it (quirk 2: `sender` carries only `id`);
     * `undefined` for what is not shown (own joins, bots joining, media requests) or does not fit.
     */
    const show = async (v: Json, st = seen): Promise<Message | void> => {
      const { id, body, bodyType: t, timestamp: createdAt } = v ?? {};
      const from = v?.sender?.id;
      if (!(isId(id) && isId(from) && typeof body == 'string' && isTime(createdAt))) return dropped();
      const join = t == 'member-join';
      const m: Message = { id, text: body, sender: 'system', createdAt };
      if (from == mid) {
        // Own echoes go to the core, which matches them to the send by id; own leave = the end (§8.6).
        if (t == 'member-leave') over();
        m.sender = 'visitor';
        if (t == 'standard') return m;
      } else if (t == 'notice') return m;
      else {
        const [sender, name] = await who(from);
        if (t == 'standard') return { ...m, sender, senderName: name };
        if (sender == 'agent' && (join || t == 'member-leave')) {
          // The widget words it in the visitor's language (`notice`); `text` is the English for other UIs.
          const n = name || 'An agent';
          m.notice = join ? (st.a ? 'transferred' : 'joined') : 'left';
          m.text = join ? (st.a ? 'Transferred to ' + n : n + ' joined the chat') : n + ' left the chat';
          if (name) m.senderName = name;
          st.a ||= join;
          return m;
        }
      }
    };

    /** One page of messages into `out`, oldest first (`sort`: the query after `sortOrder=`); returns the raw page. */
    const page = async (out: Message[], sort: string, st?: Seen): Promise<Json[]> => {
      const v = await api(at + '/messages?sortOrder=' + sort);
      const list: Json[] = Array.isArray(v?.entities) ? v.entities : bad('messages');
      // Descending pages come newest first.
      for (const x of sort[0] == 'd' ? list.reverse() : list) {
        const m = await show(x, st);
        if (m) out.push(m);
      }
      return list;
    };

    /** One event-stream frame (§7.2); heartbeats and other topics pass. */
    const frame = (data: unknown) => {
      const f: Json = parseFrame(data);
      const b = f?.eventBody;
      if (!b) return dropped();
      chain = chain.then(async () => {
        const type = f.topicName?.endsWith?.(s.id + '.messages') && f.metadata?.type;
        const from = b.sender?.id;
        // Member changes carry id and state only (quirk 3): the guest's own DISCONNECTED is the end.
        if (b.member?.id == mid && b.member.state == 'DISCONNECTED') over();
        else if (type == 'message') {
          const m = await show(b);
          if (m) emit('message', m);
        } else if (type == 'typing-indicator' && isId(from) && from != mid) {
          const [sender, name] = await who(from);
          const t = { sender, typing: true, name };
          emit('typing', t);
          // No "stopped typing" exists: honour it for about four seconds (quirk 7).
          clock.clearTimeout(typingTimer);
          typingTimer = clock.setTimeout(() => emit('typing', { ...t, typing: false }), 4000);
        }
      });
    };

    /** Opens the event stream; resolves once it is open (routing waits for it, §4), fails if it stalls first. */
    const open = () =>
      new Promise<void>((resolve, reject) => {
        sock = openSocket({
          // WebSocket and clock come from env (the rest of it is ignored).
          ...env,
          silenceMs,
          ...o.socket,
          url: () => s.eventStreamUri,
          onOpen() {
            resolve();
            emit('link', 'live');
            live = true;
          },
          // Failed attempts close too: only a live link goes down.
          onClose() {
            if (live) {
              live = false;
              emit('link', 'down');
            }
          },
          onStall() {
            if (live != null) return emit('link', 'polling');
            sock!.close();
            reject(fault(G, 'network', 'no event stream'));
          },
          onMessage: frame,
        });
      });

    return {
      capabilities: caps('typing historyPaging endConversation'),
      on,

      async connect({ session, identity }) {
        sock?.close();
        live = ended = undefined;
        seen = {};
        // Resume while the JWT is valid (there is no refresh, §9): an expired JWT (401) or an ended chat starts afresh.
        const resumed =
          take(session) &&
          (await call(me!).then(
            (v) => v?.state != 'DISCONNECTED',
            (err) => {
              if (err.retryable) throw err;
            },
          ));
        if (!resumed) {
          // memberInfo: the mapped identity over the guest defaults; custom fields map strings to strings.
          const m: Json = { avatarImageUrl, ...(identity && contact(identity)) };
          const c = { ...customFields, ...m.customFields };
          for (const k in c) if (typeof c[k] != 'string') delete c[k];
          m.customFields = Object.keys(c).length ? c : undefined;
          m.displayName ||= displayName;
          const v = await call('', 'POST', {
            ...route,
            memberInfo: m,
            // A token per chat: it is never reused for another chat, or another visitor.
            memberAuthToken: await tokens?.(env).getToken(),
          });
          take(v) || bad('create');
        }
        await open();
        const messages: Message[] = [];
        return { session: s, messages, hasMoreBefore: !!resumed && (await page(messages, 'descending&maxResults=100')).length > 99, resumed: !!resumed };
      },

      async send({ text }) {
        const { id, createdAt } = (await show(await api(me + '/messages', 'POST', { body: text, bodyType: 'standard' }))) || bad('send');
        return { id, createdAt };
      },

      async fetchSince(after) {
        const out: Message[] = [];
        // Bounded: 50 pages of 100. A full page's last item is where the next one starts.
        for (let i = 0; i < 50; i++) {
          after = (await page(out, 'ascending&maxResults=100' + (after ? '&after=' + q(after) : '')))[99]?.id;
          if (!isId(after)) break;
        }
        return out;
      },

      async fetchBefore(before, limit) {
        const out: Message[] = [];
        const n = Math.min(limit, 100);
        // Older pages come after newer ones: their joins are judged on their own.
        return { messages: out, hasMore: (await page(out, 'descending&maxResults=' + n + '&before=' + q(before), {})).length >= n };
      },

      // No stop-typing call exists (quirk 7); the core throttles the starts.
      async setTyping(typing) {
        if (typing) await api(me + '/typing', 'POST');
      },

      async end() {
        if (ended || !me) return;
        ended = true;
        await call(me, 'DELETE').catch((err) => {
          // 400: it was over already.
          if (err.status != 400) {
            ended = false;
            throw err;
          }
        });
        sock?.close();
      },

      disconnect() {
        sock?.close();
        clock.clearTimeout(typingTimer);
      },
    };
  };

  return { backend: G, scope: `${base}|${organizationId}|${deploymentId}`, create };
}
