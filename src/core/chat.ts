/**
 * The chat model: one conversation with one backend, as signals + actions + host events.
 * Everything that is the same for every backend lives here once: the cache (history shown before the
 * network answers), the outbox, ordering and de-duplication (messages.ts), unread counts, typing
 * debounce, and the link policy (what to do when the realtime link drops, polls or comes back).
 *
 * The outbox is the list itself: the visitor's messages with status `sending`, in list order. They
 * are cached with the history as ONE record (so a reload can never find a queued message without its
 * place in the list, or the reverse) and sent one at a time, with jittered exponential backoff
 * between attempts, only while online. A message gives up (`failed`) after a refusal or 6 attempts;
 * `retry()` queues it again.
 *
 * Never twice. A send whose answer was lost (network error after the server stored it, or a page
 * closed mid-flight) is ambiguous. So before any attempt that may follow an earlier one (a retry, or
 * a message restored from the cache), the chat catches up with the backend (`fetchSince`) and
 * accepts, as the confirmation, a visitor message with the same text created no earlier than one
 * minute (clock skew) before the message was written (see `merge` in messages.ts). If it finds one,
 * that is the message and nothing is sent again. The rule is honest, not magic: an identical text
 * sent from another tab within that window is taken for ours.
 */
import { signal } from '@preact/signals-core';
import { memoryStore } from '../storage/memory-store';
import { fallbackStore } from '../storage/fallback-store';
import type { KeyValueStore } from '../storage/store';
import type {
  Clock,
  ConnectResult,
  LinkState,
  PageInfo,
  SendResult,
  SessionRef,
  Transport,
  TransportCapabilities,
  TransportEnv,
  TransportEventName,
  TransportEvents,
  TransportSpec,
  WebSocketConstructor,
} from './transport';
import { retryDelay } from './backoff';
import { createCache, type VisitorRecord } from './cache';
import type { ParleyConfig } from './config';
import { createEmitter } from './emitter';
import { pageInfo, systemClock, uuid } from './env';
import { ParleyError, toParleyError } from './errors';
import { confirm, find, lastServerId, merge, patch, slim } from './messages';
import type { Chat, ChatEvents, CsatState } from './model';
import type { ConnectionStatus, Identity, Message } from './types';

/** The outside world, injectable (tests pass fakes; the defaults are the browser's). */
export interface ChatDeps {
  /** Default: IndexedDB with a memory fallback (`config.storage: 'memory'`: memory only). */
  store?: KeyValueStore;
  fetch?: typeof fetch;
  WebSocket?: WebSocketConstructor;
  clock?: Clock;
  /** For backoff jitter. */
  random?: () => number;
  /** Default: read from `location`, `document`, `navigator`, `screen` when they exist. */
  page?: PageInfo;
  log?: TransportEnv['log'];
}

function checkText(text: string): string {
  const t = String(text).trim();
  if (!t || t.length > 4000) throw new ParleyError('validation', 'A message must have 1 to 4000 characters');
  return t;
}

/**
 * Creates the chat for one backend. Nothing happens until `start()` (or `send()`): no storage,
 * no network. `config` is normally `parseConfig(...)`'s result; the chat only reads `storage`,
 * `debug`, `welcomeMessage`, `user` and `pollInterval` (ms, default 3000), so a partial
 * config works too. `warning` events from the transport become host `error` events (status
 * unchanged), and are logged in debug mode.
 */
export function createChat(spec: TransportSpec, config: Partial<ParleyConfig> = {}, deps: ChatDeps = {}): Chat {
  // The outside world: the browser's, unless `deps` says otherwise.
  const clock = deps.clock ?? systemClock;
  const log: TransportEnv['log'] = deps.log ?? ((level, message, detail) => config.debug && console[level]('[parley]', message, detail ?? ''));
  const env: TransportEnv = {
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    WebSocket: deps.WebSocket ?? globalThis.WebSocket,
    clock,
    version: __PARLEY_VERSION__,
    page: deps.page ?? pageInfo(),
    log,
  };
  const random = deps.random ?? Math.random;
  const store = deps.store ?? (config.storage === 'memory' ? memoryStore() : fallbackStore({ log: (m, e) => log('warn', m, e) }));
  const cache = createCache(store, spec.backend, spec.scope, log);
  const transport = spec.create(env);
  const caps = transport.capabilities;
  const { on, off, emit, clear } = createEmitter<ChatEvents>();
  const pollMs = config.pollInterval || 3000;

  const messages = signal<readonly Message[]>([]);
  const status = signal<ConnectionStatus>('idle');
  const error = signal<ParleyError | null>(null);
  const operatorOnline = signal<boolean | undefined>();
  const agentTyping = signal<{ name?: string } | null>(null);
  const unread = signal(0);
  const identity = signal<Identity | null>(null);
  const isOpen = signal(false);
  const welcomeMessage = signal(config.welcomeMessage);
  const csat = signal<CsatState>('none');
  const hasOlder = signal(false);

  let visitor: VisitorRecord | undefined; // known once loaded
  let wanted = config.user; // the identity asked for; applied by load() before any history shows
  let session: SessionRef | undefined;
  let loading: Promise<void> | undefined;
  let starting: Promise<void> | undefined;
  let connected = false;
  let link: LinkState | undefined; // undefined: no link event since connect (the first `live` catches up)
  let gen = 0; // bumped by stop(): answers to older requests are dropped
  let pollGen = 0; // bumped by every link change: an older poll or catch-up stops
  let busy: string | undefined; // the visitor whose send is in flight
  let dead = false;
  let readySent = false;
  let unseen: string[] = []; // incoming ids not yet marked read
  let afterConnect: (() => void)[] = [];
  let forgotten = 0; // bumped by every reset / change of visitor
  let typingOn = false;
  let typingAt = 0;
  /** clientId → attempts; a message in here may already be on the server. */
  const tries = new Map<string, number>();

  // Every timer, so stop() leaves none behind. A named one replaces the earlier one of that name.
  const timers = new Map<unknown, unknown>();
  const cancel = (name: unknown) => {
    clock.clearTimeout(timers.get(name));
    timers.delete(name);
  };
  const later = (fn: () => void, ms: number, name: unknown = {}) => {
    cancel(name);
    timers.set(
      name,
      clock.setTimeout(() => {
        timers.delete(name);
        fn();
      }, ms),
    );
  };
  const warn = (message: string) => (e: unknown) => log('warn', message, e);

  /** The transport, if the backend has capability `cap` (a `true` flag promises the methods), or an `unsupported` error. */
  const need = (cap: keyof TransportCapabilities): Transport => {
    if (!caps[cap]) throw new ParleyError('unsupported', 'Not supported by this backend');
    return transport;
  };

  // ---- persistence -------------------------------------------------------------------------

  const write = () => visitor && cache.set(visitor.id, { session, messages: messages.value, hasOlder: hasOlder.value });
  function saveNow() {
    cancel('save');
    write();
  }
  /**
   * Sets the list. The cache is written at once (a reload just after a message arrived still finds
   * it, even offline), and once more 300 ms later with whatever a burst of frames added meanwhile:
   * a burst costs about two writes of the conversation per 300 ms, not one per frame. The outbox
   * saves on every change: `saveNow`.
   */
  const setList = (list: readonly Message[]) => {
    messages.value = list;
    if (!timers.has('save')) write(), later(write, 300, 'save');
  };

  // ---- identity ----------------------------------------------------------------------------

  /** Persists the visitor, with `user` as its identity (told to the backend if it changed). */
  function adopt(user?: Identity) {
    if (user && JSON.stringify(user) !== JSON.stringify(visitor!.identity)) {
      visitor = { ...visitor!, identity: user };
      if (connected) transport.identify?.(user).catch(warn('identify'));
    }
    identity.value = visitor!.identity ?? null;
    return cache.set(undefined, visitor!);
  }

  /** Reads the cache once: visitor (switching namespace if another user is wanted), then history. */
  function load(): Promise<void> {
    return (loading ??= (async () => {
      const v = await cache.get();
      const other = v?.identity && wanted && v.identity.id !== wanted.id;
      if (other) await cache.del(v.id);
      visitor = (!other && v) || { id: uuid() };
      await adopt(wanted);
      const c = await cache.get(visitor.id);
      if (c) {
        session = c.session;
        hasOlder.value = !!c.hasOlder;
        // Queued by an earlier page: an attempt may have reached the server.
        for (const m of c.messages) if (m.status === 'sending') tries.set(m.clientId!, 0);
        messages.value = merge(c.messages, messages.value);
      }
    })());
  }

  // ---- the outbox --------------------------------------------------------------------------

  /**
   * Sends the first queued message. A stop (end, error, destroy) lets an answer already on its way
   * still confirm its message, but nothing new is sent until the next start; an answer for another
   * visitor (after reset() or a new user) is dropped.
   */
  async function pump() {
    const m = messages.value.find((x) => x.status === 'sending');
    const vid = visitor?.id;
    if (!m || !connected || status.value !== 'online' || busy === vid || timers.has('send')) return;
    const id = m.clientId!;
    const g = gen;
    busy = vid;
    // Confirmed = it carries a server id (the send's answer, or an echo that claimed it).
    const done = () => {
      const x = find(messages.value, id);
      return x?.id !== id ? (x as SendResult) : undefined;
    };
    try {
      let r = done();
      if (!r && tries.has(id)) {
        const list = await transport.fetchSince(lastServerId(messages.value));
        if (vid !== visitor!.id) return;
        receive(list, true);
        r = done();
      }
      if (!r) {
        if (g !== gen) return;
        tries.set(id, (tries.get(id) ?? 0) + 1);
        r = await transport.send({ clientId: id, text: m.text, replyTo: m.replyTo });
        if (vid !== visitor!.id) return;
      }
      messages.value = confirm(messages.value, id, r);
      saveNow();
      emit('sent', find(messages.value, id)!);
    } catch (e) {
      if (g !== gen) return; // stopped: it waits, queued, for the next start
      const err = toParleyError(e);
      const n = tries.get(id)!; // set before the catch-up or the send that failed
      if (err.retryable && n < 6) later(pump, retryDelay(err, n - 1, random), 'send');
      else {
        messages.value = patch(messages.value, { id, status: 'failed' });
        saveNow();
        emit('error', err);
      }
    } finally {
      if (busy === vid) busy = undefined;
      // Also after a send of a stopped chat failed: a restarted one waits for this turn to end.
      void pump();
    }
  }

  // ---- status, incoming messages and the link policy ---------------------------------------

  function setStatus(s: ConnectionStatus, err?: ParleyError) {
    error.value = s === 'online' ? null : (err ?? error.value);
    if (status.value !== s) {
      if (s === 'online') cancel('send'); // back online: no backoff wait
      emit('status', (status.value = s));
    }
    void pump();
  }

  function setUnread(n: number) {
    if (unread.value !== n) emit('unread', (unread.value = n));
  }

  /** Marks what the visitor has seen as read (once connected, while the window is open). */
  function flushRead() {
    if (!connected || !isOpen.value || !unseen.length) return;
    if (caps.readReceipts) transport.markRead!(unseen).catch(warn('markRead'));
    unseen = [];
  }

  /** Merges messages; `live` ones that are new and incoming are announced (and counted while closed). */
  function receive(list: readonly Message[], live: boolean) {
    if (!list.length) return;
    const known = new Set(messages.value.map((m) => m.id));
    // An echo may claim the message whose send may be on the server (see the module doc).
    setList(merge(messages.value, list, messages.value.find((m) => m.status === 'sending' && tries.has(m.clientId!))));
    // New incoming ones only (`add`: a batch may carry one id twice).
    const fresh = live ? list.filter((m) => m.sender !== 'visitor' && !known.has(m.id) && !!known.add(m.id)) : [];
    if (!fresh.length) return;
    cancel('agent');
    agentTyping.value = null;
    unseen.push(...fresh.map((m) => m.id));
    flushRead();
    for (const m of fresh) emit('message', slim(m));
    if (!isOpen.value) setUnread(unread.value + fresh.length);
  }

  /**
   * Fetches what is new after `delay`: once (a catch-up), or every `pollInterval` while the link
   * polls. Failures retry with backoff (pollInterval · 2^n, at most 30 s); while polling they also
   * show `offline`.
   */
  function pull(fails: number, delay: number) {
    const pg = pollGen;
    later(
      async () => {
        const polling = link === 'polling';
        try {
          const list = await transport.fetchSince(lastServerId(messages.value));
          if (pg !== pollGen) return;
          receive(list, true);
          fails = 0;
          if (polling) setStatus('online');
        } catch (e) {
          if (pg !== pollGen) return;
          log('warn', 'fetch', e);
          if (polling) setStatus('offline', toParleyError(e));
          if (++fails > 5 && !polling) return;
        }
        if (fails || polling) pull(fails, fails ? Math.min(30_000, pollMs * 2 ** fails) : pollMs);
      },
      delay,
      'pull',
    );
  }

  /**
   * The link policy: `down` → reconnecting; `polling` → online, polling; `live` after anything else
   * → one catch-up. Right after connect (`prev === 'connect'`) the history is fresh: no catch-up, and
   * the first poll waits one interval; a `live` that comes later still catches up the gap between
   * the connect answer and the stream opening.
   */
  function applyLink(prev: LinkState | 'connect' | undefined) {
    pollGen++;
    cancel('pull');
    if (link === 'down') return setStatus('reconnecting');
    setStatus('online');
    if (link === 'polling') pull(0, prev === 'connect' ? pollMs : 0);
    else if (link && prev !== 'live' && prev !== 'connect') pull(0, 0);
  }

  // ---- connecting --------------------------------------------------------------------------

  /** Connects (retrying with backoff while the failure is retryable) and takes over what the backend knows. */
  async function connect(g: number, attempt: number): Promise<void> {
    const sent = visitor!.identity;
    let r: ConnectResult;
    try {
      r = await transport.connect({ visitorId: visitor!.id, session, identity: sent });
    } catch (e) {
      if (g !== gen) return;
      const err = toParleyError(e);
      if (!err.retryable) return fatal(err);
      setStatus('offline', err);
      return later(() => connect(g, attempt + 1), retryDelay(err, attempt, random));
    }
    if (g !== gen) return;
    session = r.session;
    if (!r.resumed) {
      // A new conversation: the old history goes, what the visitor still wants to send stays.
      messages.value = messages.value.filter((m) => m.status === 'sending' || m.status === 'failed');
      unseen = [];
      setUnread(0);
    }
    receive(r.messages, false);
    operatorOnline.value = r.operatorOnline ?? operatorOnline.value;
    welcomeMessage.value = r.welcomeMessage ?? config.welcomeMessage;
    hasOlder.value = !!(caps.historyPaging && r.hasMoreBefore);
    connected = true;
    saveNow();
    // identify() while the connect was on its way.
    if (visitor!.identity !== sent) transport.identify?.(visitor!.identity!).catch(warn('identify'));
    applyLink('connect');
    flushRead();
    for (const fn of afterConnect.splice(0)) fn();
    if (!readySent) emit('ready');
    readySent = true;
  }

  async function start() {
    if (!dead)
      await (starting ??= (async () => {
        const g = gen;
        setStatus('connecting');
        await load();
        if (g === gen) await connect(g, 0);
      })());
  }

  /** Writes pending state, then stops the link and every timer; answers to requests made before are dropped. */
  function stop() {
    saveNow();
    gen++;
    pollGen++;
    connected = false;
    starting = link = undefined;
    typingOn = false;
    timers.forEach((_, name) => cancel(name));
    agentTyping.value = null;
    transport.disconnect();
  }

  /** Stops, and the next start() begins a new conversation. */
  function stopFresh() {
    stop();
    session = undefined;
    csat.value = 'none';
  }

  function ended() {
    stop();
    setStatus('ended');
  }

  function fatal(err: ParleyError) {
    if (status.value === 'error') return;
    stop();
    setStatus('error', err);
    emit('error', err);
  }

  /** Drops this visitor's conversation everywhere (state, timers, cache) and starts a new visitor. */
  async function forget(next?: Identity) {
    await load();
    const old = visitor!.id;
    stopFresh();
    messages.value = [];
    unseen = [];
    setUnread(0);
    hasOlder.value = false;
    error.value = null;
    welcomeMessage.value = config.welcomeMessage;
    visitor = { id: uuid(), identity: next };
    // Custom events still waiting for the connection were the previous visitor's: they fail, unsent.
    forgotten++;
    for (const fn of afterConnect.splice(0)) fn();
    await adopt();
    await cache.del(old);
  }

  function typing(on: boolean) {
    if (!connected || !caps.typing) return;
    const now = clock.now();
    if (on) later(() => typing(false), 3000, 'typing');
    else cancel('typing');
    // "Typing" at most every 2 s; "stopped" only after "typing".
    if (on ? !typingOn || now - typingAt >= 2000 : typingOn) {
      typingOn = on;
      typingAt = now;
      transport.setTyping!(on).catch(warn('typing'));
    }
  }

  const handlers: { [K in TransportEventName]: (e: TransportEvents[K]) => void } = {
    message: (m) => starting && receive([m], true),
    patch: (p) => setList(patch(messages.value, p)),
    typing(t) {
      if (t.sender === 'visitor') return; // the echo of our own typing
      agentTyping.value = t.typing ? { name: t.name } : null;
      if (t.typing) later(() => (agentTyping.value = null), 15_000, 'agent');
      else cancel('agent');
    },
    presence: (p) => (operatorOnline.value = p.online),
    link(s) {
      const prev = link;
      if (s === prev) return; // a repeat changes nothing (and must not cancel a catch-up)
      link = s;
      if (connected) applyLink(prev);
    },
    event: (e) => emit('event', e),
    csat: () => (csat.value = 'requested'),
    ended,
    warning(w) {
      log('warn', w.message, w);
      emit('error', w);
    },
    error: fatal,
  };
  const subs = Object.entries(handlers).map(([type, handler]) => transport.on(type as TransportEventName, handler as (e: unknown) => void));

  const serverId = (id: string) => find(messages.value, id)?.id ?? id;

  // ---- the Chat ----------------------------------------------------------------------------

  return {
    messages,
    status,
    error,
    operatorOnline,
    agentTyping,
    unread,
    identity,
    isOpen,
    welcomeMessage,
    csat,
    hasOlder,
    capabilities: caps,
    start,
    send(text, { replyTo } = {}) {
      const t = checkText(text);
      if (status.value === 'ended') throw new ParleyError('ended', 'The conversation has ended');
      const clientId = uuid();
      const m: Message = { id: clientId, clientId, text: t, sender: 'visitor', createdAt: new Date(clock.now()).toISOString(), status: 'sending', replyTo };
      messages.value = merge(messages.value, [m]);
      saveNow();
      typing(false);
      if (status.value === 'idle') void start();
      void pump();
      return m;
    },
    retry(id) {
      const m = find(messages.value, id);
      if (m?.status !== 'failed') return;
      tries.set(m.clientId!, 0); // it was tried: look before sending again
      messages.value = patch(messages.value, { id, status: 'sending' });
      saveNow();
      void pump();
    },
    async edit(id, text) {
      const t = checkText(text);
      setList(patch(messages.value, await need('editDelete').edit!(serverId(id), t)));
    },
    async remove(id) {
      setList(patch(messages.value, await need('editDelete').remove!(serverId(id))));
    },
    setTyping: typing,
    setOpen(open) {
      if (isOpen.value === open) return;
      isOpen.value = open;
      if (open) {
        setUnread(0);
        flushRead();
      }
      emit(open ? 'open' : 'close');
    },
    async loadOlder() {
      const first = messages.value.find((m) => m.id !== m.clientId);
      const g = gen;
      if (!hasOlder.value || !first) return;
      const r = await transport.fetchBefore!(first.id, 50);
      if (g !== gen) return; // reset or another user meanwhile
      receive(r.messages, false);
      hasOlder.value = r.hasMore;
    },
    async identify(user) {
      if (typeof user?.id !== 'string' || !user.id) throw new ParleyError('validation', 'identify() needs an object with a string "id"');
      wanted = user;
      await load();
      if (visitor!.identity && visitor!.identity.id !== user.id) {
        // Another person: the previous one's conversation is neither shown nor continued.
        // Restart when the chat was running, or had ended or failed: the new person starts afresh.
        const was = status.value != 'idle';
        await forget(user);
        if (was) void start();
      } else await adopt(user);
      emit('identify', user);
    },
    async trigger(name, data) {
      const t = need('customEvents');
      const f = forgotten;
      if (!connected) await new Promise<void>((resolve) => afterConnect.push(resolve));
      if (f != forgotten) throw new ParleyError('ended', 'Not sent: the visitor changed');
      return t.trigger!({ name, data });
    },
    async submitCsat(score, comment) {
      await need('csat').submitCsat!(score, comment);
      csat.value = 'submitted';
    },
    async end() {
      await need('endConversation').end!();
      ended();
    },
    startNew() {
      stopFresh();
      return start();
    },
    async reset() {
      wanted = undefined;
      await forget();
      setStatus('idle');
      emit('reset');
    },
    on,
    off,
    destroy() {
      if (dead) return;
      stop();
      dead = true;
      for (const unsubscribe of subs) unsubscribe();
      clear();
    },
  };
}
