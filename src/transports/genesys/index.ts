/**
 * Genesys Cloud guest chat (ACD Web Chat v2) transport: REST for everything the visitor does, one
 * server → client event stream for everything else (protocols/genesys.md). Genesys retired this API in
 * favour of Web Messaging; it stays behind the transport interface so a successor can replace it.
 *
 * @example
 * createChat(genesys({ environment: 'mypurecloud.ie', organizationId, deploymentId, queue: 'Support' }))
 */
import { createEmitter } from '../../core/emitter';
import { ParleyError, toParleyError } from '../../core/errors';
import type { Identity, Message } from '../../core/types';
import { openSocket, type Socket, type SocketOptions } from '../socket';
import type { LinkState, SessionRef, Transport, TransportEnv, TransportEvents, TransportSpec } from '../transport';
import { genesysApi, type GenesysSession } from './api';
import { isId, isObj, role, toFrame, type WireMember, type WireMessage } from './wire';

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
  /** Sent as `memberInfo.customFields`, merged with the visitor's string traits. */
  customFields?: Record<string, string>;
  /** Expected heartbeat interval of the event stream, ms (default 30 000): 2.5× without any frame reopens it. */
  heartbeatMs?: number;
  /** Reconnect timings of the event stream (tests shorten them). */
  socket?: Pick<SocketOptions, 'minDelay' | 'maxDelay' | 'connectTimeout' | 'stallAttempts' | 'stallMs' | 'silenceMs'>;
}

/** GET messages answers at most 100 per page (§10). */
const PAGE = 100;

interface Config {
  base: string;
  socket: GenesysOptions['socket'];
  /** `organizationId`, `deploymentId`, `routingTarget` of the create request. */
  body: object;
  /** Guest defaults: `displayName`, `avatarImageUrl`, `customFields`. */
  info: { displayName: string; avatarImageUrl?: string; customFields?: object };
}

/** Validates the options (a `config` ParleyError naming the key) and returns the transport spec. */
export function genesys(options: GenesysOptions): TransportSpec {
  const o: Record<string, unknown> = isObj(options) ? options : {};
  const fail = (key: string, want = 'a non-empty string'): never => {
    throw new ParleyError('config', `${key}: expected ${want}`, { key });
  };
  const str = (key: string, need?: 1): string | undefined => {
    const v = o[key];
    return v === undefined || v === '' ? need && fail(key) : typeof v === 'string' ? v : fail(key);
  };
  const num = (key: string) => {
    const v = o[key];
    return v === undefined || v === '' ? undefined : (typeof v === 'number' || typeof v === 'string') && isFinite(+v) ? +v : fail(key, 'a number');
  };
  const organizationId = str('organizationId', 1);
  const deploymentId = str('deploymentId', 1);
  const apiUrl = str('apiUrl');
  if (apiUrl && !/^https?:\/\/[^/]/.test(apiUrl)) fail('apiUrl', 'an http(s) URL');
  // As the SDK's setEnvironment: a scheme, `api.` and a trailing slash are dropped.
  const env = (str('environment') || 'mypurecloud.com').replace(/\/$/, '').replace(/^https?:\/\//, '').replace(/^api\./, '');
  if (!/^[\w.-]+$/.test(env)) fail('environment', 'a host like mypurecloud.ie');
  const base = apiUrl ? apiUrl.replace(/\/+$/, '') : 'https://api.' + env;
  let skills = o.skills;
  if (typeof skills === 'string') skills = skills.split(',').map((x) => x.trim()).filter(Boolean);
  if (skills !== undefined && !Array.isArray(skills)) fail('skills', 'a list of skill names');
  const customFields = o.customFields;
  if (customFields !== undefined && !isObj(customFields)) fail('customFields', 'an object of strings');
  const c: Config = {
    base,
    socket: { silenceMs: (num('heartbeatMs') || 30000) * 2.5, ...(o.socket as object) },
    body: {
      organizationId,
      deploymentId,
      routingTarget: {
        targetType: 'QUEUE',
        targetAddress: str('queue', 1),
        skills: (skills as string[] | undefined)?.length ? skills : undefined,
        language: str('language'),
        priority: num('priority'),
      },
    },
    info: { displayName: str('displayName') || 'Guest', avatarImageUrl: str('avatarImageUrl'), customFields: customFields as object | undefined },
  };
  return { backend: 'genesys', scope: `${base}|${organizationId}|${deploymentId}`, create: (e) => createGenesys(e, c) };
}

/** A stored SessionRef, if it still has the shape `connect()` gave it. */
const toSession = (v?: SessionRef) =>
  v && [v.conversationId, v.memberId, v.jwt, v.eventStreamUri].every((x) => typeof x === 'string') ? (v as unknown as GenesysSession) : undefined;

function createGenesys(env: TransportEnv, c: Config): Transport {
  const api = genesysApi(c.base, env);
  const { emit, on } = createEmitter<TransportEvents>();
  const { clock, log } = env;
  let s: GenesysSession;
  let sock: Socket | undefined;
  let link: LinkState | undefined;
  const setLink = (l: LinkState) => link !== l && emit('link', (link = l));
  let ended = false;
  let chain: Promise<unknown> = Promise.resolve();
  let typingTimer: unknown;
  let members = new Map<string, Promise<WireMember>>();
  /** Whether an agent has joined yet: a later join is a transfer. */
  let live = { agent: false };

  /** Name and role of a member (quirk 2: messages carry only the sender id); cached, failures retried. */
  const who = (id: string) => {
    let p = members.get(id);
    if (!p) members.set(id, (p = api.member(s, id).catch(() => (members.delete(id), {}))));
    return p;
  };

  const over = () => {
    if (!ended) {
      ended = true;
      sock?.close();
      emit('ended', {});
    }
  };
  const endedError = () => new ParleyError('ended', 'genesys: the chat has ended');

  /** A 401 ends the session (no refresh exists); a 400 once the chat is over means just that (quirk 11). */
  const guard = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      const e = toParleyError(err);
      if (e.code === 'auth') emit('error', e);
      // http.ts keeps no error code from the body: ask whether the guest is still in the chat.
      else if (e.status === 400 && (await api.member(s, s.memberId).then((m) => m.state === 'DISCONNECTED', (x) => x.status === 400))) {
        over();
        throw endedError();
      }
      throw e;
    }
  };

  async function toMessage(w: WireMessage, st: { agent: boolean }): Promise<Message | undefined> {
    const { type } = w;
    const join = type === 'member-join';
    const m: Message = { id: w.id, text: w.body, sender: 'system', createdAt: w.at };
    if (w.from === s.memberId) {
      // Own echoes go to the core, which matches them to the send by id; own leave = the end (§8.6).
      if (type === 'member-leave') over();
      m.sender = 'visitor';
      return type === 'standard' ? m : undefined;
    }
    if (type === 'notice') return m;
    if (type !== 'standard' && !join && type !== 'member-leave') return;
    const p = await who(w.from);
    const r = role(p.role);
    if (type === 'standard') return { ...m, sender: r, senderName: p.name };
    if (r !== 'agent') return;
    const name = p.name || 'An agent';
    m.text = join ? (st.agent ? 'Transferred to ' + name : name + ' joined the chat') : name + ' left the chat';
    st.agent ||= join;
    return m;
  }

  /** One page of messages (oldest first), mapped; `count`: raw page size, `last`: newest (when not `older`). */
  const page = async (query: string, st = live, older?: 1) => {
    const { list, count } = await guard(api.messages(s, query));
    if (older) list.reverse();
    const out: Message[] = [];
    for (const w of list) {
      const m = await toMessage(w, st);
      if (m) out.push(m);
    }
    return { out, count, last: list[list.length - 1] };
  };

  const onFrame = (data: unknown) => {
    const f = toFrame(data, s.conversationId);
    if (f === undefined) log('debug', 'genesys: dropped a malformed frame');
    if (!f) return;
    // One at a time, so member lookups never reorder events.
    chain = chain
      .then(async () => {
        if (f.t === 'message') {
          const m = await toMessage(f.m, live);
          if (m) emit('message', m);
        } else if (f.t === 'typing') {
          if (f.from !== s.memberId) {
            const p = await who(f.from);
            const t = { sender: role(p.role), typing: true, name: p.name };
            emit('typing', t);
            // No "stopped typing" exists: honour it for about four seconds (quirk 7).
            clock.clearTimeout(typingTimer);
            typingTimer = clock.setTimeout(() => emit('typing', { ...t, typing: false }), 4000);
          }
        } else if (f.id === s.memberId && f.state === 'DISCONNECTED') over();
      })
      .catch((e) => log('debug', 'genesys: frame failed', e));
  };

  /** Opens the event stream; resolves once it is open (routing waits for it, §4), fails if it stalls. */
  const open = () =>
    new Promise<void>((resolve, reject) => {
      let first = 1;
      sock = openSocket({
        ...c.socket,
        WebSocket: env.WebSocket,
        clock,
        // The URI embeds the JWT: it goes to the socket and nowhere else.
        url: () => s.eventStreamUri,
        onOpen() {
          first = 0;
          resolve();
          setLink('live');
        },
        // Failed attempts close too: only a live link goes down.
        onClose: () => link === 'live' && setLink('down'),
        onStall() {
          if (!first) return setLink('polling');
          sock!.close();
          reject(new ParleyError('network', 'genesys: the event stream did not open', { retryable: true }));
        },
        onMessage: onFrame,
      });
    });

  const memberInfo = (id: Identity = { id: '' }) => {
    const fields: Record<string, unknown> = { ...c.info.customFields };
    for (const [k, v] of Object.entries(id)) if (typeof v === 'string' && !/^(id|name|email)$/.test(k)) fields[k] = v;
    return {
      ...c.info,
      displayName: (isId(id.name) && id.name) || c.info.displayName,
      email: isId(id.email) ? id.email : undefined,
      customFields: Object.keys(fields).length ? fields : undefined,
    };
  };

  return {
    capabilities: {
      typing: true,
      readReceipts: false,
      editDelete: false,
      replyTo: false,
      attachments: false,
      presence: false,
      customEvents: false,
      historyPaging: true,
      csat: false,
      endConversation: true,
    },
    on,

    async connect({ session, identity }) {
      sock?.close();
      link = undefined;
      ended = false;
      members = new Map();
      live = { agent: false };
      const old = toSession(session);
      let resumed = false;
      // Resume while the JWT is valid (there is no refresh, §9); an expired or ended chat starts afresh.
      if (old && !(old.exp! * 1000 < clock.now() + 60000)) {
        s = old;
        try {
          resumed = (await api.member(s, s.memberId)).state !== 'DISCONNECTED';
        } catch (err) {
          if (toParleyError(err).retryable) throw err;
        }
      }
      if (!resumed)
        s = await api.create({ ...c.body, memberInfo: memberInfo(identity) });
      await open();
      const p = resumed && (await page('sortOrder=descending&maxResults=' + PAGE, live, 1));
      return { session: { ...s }, messages: p ? p.out : [], hasMoreBefore: p && p.count >= PAGE, resumed };
    },

    async send({ text }) {
      if (ended) throw endedError();
      const m = await guard(api.send(s, text));
      return { id: m.id, createdAt: m.at };
    },

    async fetchSince(after) {
      const all: Message[] = [];
      // Bounded: 50 pages of 100.
      for (let i = 0; i < 50; i++) {
        const p = await page('sortOrder=ascending&maxResults=' + PAGE + (after ? '&after=' + encodeURIComponent(after) : ''));
        all.push(...p.out);
        if (p.count < PAGE || !p.last) break;
        after = p.last.id;
      }
      return all;
    },

    async fetchBefore(before, limit) {
      const n = Math.min(limit, PAGE);
      // Older pages come after newer ones: their joins are judged on their own.
      const p = await page(`before=${encodeURIComponent(before)}&sortOrder=descending&maxResults=${n}`, { agent: false }, 1);
      return { messages: p.out, hasMore: p.count >= n };
    },

    // No stop-typing call exists (quirk 7); the core throttles the starts.
    setTyping: (typing) => (typing && !ended ? guard(api.typing(s)).then(() => {}) : Promise.resolve()),

    async end() {
      if (ended || !s) return;
      ended = true;
      try {
        await api.leave(s);
      } catch (err) {
        // 400: it was over already.
        if (toParleyError(err).status !== 400) {
          ended = false;
          throw err;
        }
      }
      sock?.close();
    },

    disconnect() {
      sock?.close();
      sock = undefined;
      clock.clearTimeout(typingTimer);
    },
  };
}
