/**
 * The chat model: one conversation with one backend, as signals + actions + host events.
 * Everything that is the same for every backend lives here once: the cache (history shown before the
 * network answers), the outbox, ordering and de-duplication (messages.ts), unread counts, typing
 * debounce, and the link policy (what to do when the realtime link drops, polls or comes back).
 */
import { signal } from '@preact/signals-core';
import { memoryStore } from '../storage/memory-store';
import { fallbackStore } from '../storage/fallback-store';
import type { KeyValueStore } from '../storage/store';
import type { Clock, ConnectResult, LinkState, PageInfo, SessionRef, TransportEnv, TransportSpec, WebSocketConstructor } from '../transports/transport';
import { backoff } from './backoff';
import { createCache, type VisitorRecord } from './cache';
import type { ParleyConfig } from './config';
import { createEmitter } from './emitter';
import { pageInfo, systemClock, uuid } from './env';
import { ParleyError, toParleyError } from './errors';
import { confirm, find, lastServerId, merge, patch, slim, update } from './messages';
import type { Chat, ChatEvents, CsatState } from './model';
import { createOutbox } from './outbox';
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

const MAX_TEXT = 4000;
/** Clock skew allowed when an echo confirms a send whose answer was lost (see outbox.ts). */
const SKEW = 60_000;
const TYPING_REPEAT = 2000;
const TYPING_IDLE = 3000;
const AGENT_TYPING = 15_000;
const POLL_CAP = 30_000;

const unsupported = () => new ParleyError('unsupported', 'Not supported by this backend');

function checkText(text: string): string {
  const t = String(text).trim();
  if (!t || t.length > MAX_TEXT) throw new ParleyError('validation', t ? `Message over ${MAX_TEXT} characters` : 'Empty message');
  return t;
}

/**
 * Creates the chat for one backend. Nothing happens until `start()` (or `send()`): no storage,
 * no network. `config` is normally `parseConfig(...)`'s result; the chat only reads `storage`,
 * `debug`, `welcomeMessage`, `user` and `options.pollInterval` (ms, default 3000), so a partial
 * config works too. `warning` events from the transport become host `error` events (status
 * unchanged), and are logged in debug mode.
 */
export function createChat(spec: TransportSpec, config: Partial<ParleyConfig> = {}, deps: ChatDeps = {}): Chat {
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const log: TransportEnv['log'] =
    deps.log ?? ((level, message, detail) => config.debug && console[level === 'warn' ? 'warn' : 'debug']('[parley]', message, detail ?? ''));
  const store = deps.store ?? (config.storage === 'memory' ? memoryStore() : fallbackStore({ log: (m, e) => log('warn', m, e) }));
  const cache = createCache(store, spec.backend, spec.scope);
  const transport = spec.create({
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    WebSocket: deps.WebSocket ?? globalThis.WebSocket,
    clock,
    version: __PARLEY_VERSION__,
    page: deps.page ?? pageInfo(),
    log,
  });
  const caps = transport.capabilities;
  const events = createEmitter<ChatEvents>();
  const emit = events.emit;
  const pollMs = Number(config.options?.pollInterval) || 3000;

  const messages = signal<readonly Message[]>([]);
  const status = signal<ConnectionStatus>('idle');
  const error = signal<ParleyError | null>(null);
  const operatorOnline = signal<boolean | undefined>(undefined);
  const agentTyping = signal<{ name?: string } | null>(null);
  const unread = signal(0);
  const identity = signal<Identity | null>(null);
  const isOpen = signal(false);
  const welcomeMessage = signal(config.welcomeMessage);
  const csat = signal<CsatState>('none');
  const hasOlder = signal(false);

  let visitor: VisitorRecord | undefined; // known once loaded
  let wanted = config.user; // the identity asked for; applied by load() before any history shows
  let identifyPending = false;
  let session: SessionRef | undefined;
  let loading: Promise<void> | undefined;
  let starting: Promise<void> | undefined;
  let connected = false;
  let link: LinkState | undefined; // undefined: no link event since connect (the first `live` catches up)
  let gen = 0; // bumped by stop(): answers to older requests are dropped
  let pollGen = 0;
  let dead = false;
  let readySent = false;
  let unseen: string[] = [];
  let afterConnect: (() => void)[] = [];
  let typingOn = false;
  let typingAt = 0;
  let typingTimer: unknown;
  let agentTimer: unknown;
  let saveTimer: unknown;
  const timers = new Set<unknown>();

  const later = (fn: () => void, ms: number): unknown => {
    const h = clock.setTimeout(() => {
      timers.delete(h);
      fn();
    }, ms);
    timers.add(h);
    return h;
  };
  const cancel = (h: unknown) => {
    if (timers.delete(h)) clock.clearTimeout(h);
  };
  const warn = (message: string) => (e: unknown) => log('warn', message, e);

  // ---- persistence -------------------------------------------------------------------------

  function saveNow() {
    cancel(saveTimer);
    if (visitor) {
      cache
        .setConversation(visitor.id, { session, messages: messages.value, outbox: outbox.entries(), hasOlder: hasOlder.value })
        .catch(warn('cache'));
    }
  }
  // Write-behind for messages; the outbox saves at once (saveNow) on every change.
  const saveSoon = () => {
    if (!timers.has(saveTimer)) saveTimer = later(saveNow, 100);
  };

  const newOutbox = () =>
    createOutbox({
      clock,
      random,
      send: (e) => transport.send({ clientId: e.clientId, text: e.text, replyTo: e.replyTo }),
      async verify(e) {
        const own = () => {
          const m = find(messages.value, e.clientId);
          return m && m.id !== e.clientId ? { id: m.id, createdAt: m.createdAt } : undefined;
        };
        const g = gen;
        if (!own()) {
          const list = await transport.fetchSince(lastServerId(messages.value));
          if (g === gen) receive(list, true);
        }
        return own();
      },
      sent(e, result) {
        messages.value = confirm(messages.value, e.clientId, result);
        const m = find(messages.value, e.clientId);
        if (m) emit('sent', m);
      },
      failed(e, err) {
        messages.value = update(messages.value, e.clientId, { status: 'failed' });
        emit('error', err);
      },
      save: saveNow,
    });
  let outbox = newOutbox();

  /** Reads the cache once: visitor (switching namespace if another user is wanted), then history. */
  function load(): Promise<void> {
    return (loading ??= (async () => {
      let v = await cache.visitor().catch(warn('cache'));
      const w = wanted;
      if (v?.identity && w && v.identity.id !== w.id) {
        await cache.forget(v.id).catch(warn('cache'));
        v = undefined;
      }
      v ??= { id: uuid() };
      identifyPending = !!w && JSON.stringify(w) !== JSON.stringify(v.identity);
      if (w) v.identity = w;
      visitor = v;
      identity.value = v.identity ?? null;
      await cache.setVisitor(v).catch(warn('cache'));
      const c = await cache.conversation(v.id).catch(warn('cache'));
      if (c) {
        session = c.session;
        hasOlder.value = !!c.hasOlder;
        messages.value = merge(c.messages, messages.value);
        // One record holds both, so every queued message has its (sending / failed) message.
        outbox.load(c.outbox);
      }
    })());
  }

  // ---- status and link policy --------------------------------------------------------------

  function setStatus(s: ConnectionStatus, err?: ParleyError) {
    if (s === 'online') error.value = null;
    else if (err) error.value = err;
    if (status.value !== s) {
      status.value = s;
      emit('status', s);
    }
    outbox.run(s === 'online');
  }

  function setUnread(n: number) {
    if (unread.value !== n) emit('unread', (unread.value = n));
  }

  function read(ids: string[]) {
    if (ids.length && caps.readReceipts && transport.markRead) transport.markRead(ids).catch(warn('markRead'));
  }

  /** Merges messages; `live` ones that are new and incoming are announced (and counted while closed). */
  function receive(list: readonly Message[], live: boolean) {
    if (!list.length) return;
    const before = messages.value;
    const known = new Set(before.map((m) => m.id));
    const p = outbox.pending();
    messages.value = merge(before, list, p && { clientId: p.clientId, since: p.at! - SKEW });
    saveSoon();
    if (!live) return;
    // New incoming ones only (`add`: a batch may carry one id twice).
    const fresh = list.filter((m) => m.sender !== 'visitor' && !known.has(m.id) && !!known.add(m.id));
    if (!fresh.length) return;
    cancel(agentTimer);
    agentTyping.value = null;
    const ids = fresh.map((m) => m.id);
    if (isOpen.value) read(ids);
    else unseen.push(...ids);
    for (const m of fresh) emit('message', slim(m));
    if (!isOpen.value) setUnread(unread.value + fresh.length);
  }

  async function catchUp(tries: number) {
    const g = gen;
    try {
      const list = await transport.fetchSince(lastServerId(messages.value));
      if (g === gen) receive(list, true);
    } catch (e) {
      log('warn', 'catch-up', e);
      if (g === gen && tries < 5) later(() => void catchUp(tries + 1), backoff(tries, random));
    }
  }

  /** Polls while the link says `polling`: every `pollInterval`, backing off (up to 30 s) while it fails. */
  function poll(fails: number, delay: number) {
    const pg = pollGen;
    later(async () => {
      if (pg !== pollGen) return;
      try {
        const list = await transport.fetchSince(lastServerId(messages.value));
        if (pg !== pollGen) return;
        receive(list, true);
        fails = 0;
        setStatus('online');
      } catch (e) {
        if (pg !== pollGen) return;
        fails++;
        setStatus('offline', toParleyError(e));
      }
      poll(fails, fails ? Math.min(POLL_CAP, pollMs * 2 ** fails) : pollMs);
    }, delay);
  }

  function onLink(s: LinkState) {
    const prev = link;
    link = s;
    if (connected) applyLink(prev);
  }

  /**
   * The link policy: `down` → reconnecting; `polling` → online, polling; `live` after anything else
   * → one catch-up. Right after connect (`prev === 'connect'`) the history is fresh: no catch-up, and
   * the first poll waits one interval; a `live` that comes later still catches up the gap between
   * the connect answer and the stream opening.
   */
  function applyLink(prev: LinkState | 'connect' | undefined) {
    pollGen++;
    if (link === 'down') return setStatus('reconnecting');
    setStatus('online');
    if (link === 'polling') poll(0, prev === 'connect' ? pollMs : 0);
    else if (link && prev !== 'live' && prev !== 'connect') void catchUp(0);
  }

  // ---- connecting --------------------------------------------------------------------------

  function onConnect(r: ConnectResult) {
    session = r.session;
    if (!r.resumed) {
      // A new conversation: the old history goes, what the visitor still wants to send stays.
      const queued = new Set(outbox.entries().map((e) => e.clientId));
      messages.value = messages.value.filter((m) => m.clientId && queued.has(m.clientId));
      unseen = [];
      setUnread(0);
    }
    receive(r.messages, false);
    if (r.operatorOnline !== undefined) operatorOnline.value = r.operatorOnline;
    welcomeMessage.value = r.welcomeMessage ?? config.welcomeMessage;
    hasOlder.value = !!(caps.historyPaging && r.hasMoreBefore);
    connected = true;
    saveNow();
    applyLink('connect');
    flushIdentify();
    if (isOpen.value) read(unseen.splice(0));
    for (const fn of afterConnect.splice(0)) fn();
    if (!readySent) {
      readySent = true;
      emit('ready', undefined);
    }
  }

  async function connect(g: number, attempt: number): Promise<void> {
    try {
      const r = await transport.connect({ visitorId: visitor!.id, session, identity: visitor!.identity });
      if (g === gen) onConnect(r);
    } catch (e) {
      if (g !== gen) return;
      const err = toParleyError(e);
      if (!err.retryable) return fatal(err);
      setStatus('offline', err);
      later(() => void connect(g, attempt + 1), Math.max(err.retryAfterMs ?? 0, backoff(attempt, random)));
    }
  }

  function start(): Promise<void> {
    if (dead) return Promise.resolve();
    return (starting ??= (async () => {
      const g = gen;
      setStatus('connecting');
      await load();
      if (g === gen) await connect(g, 0);
    })());
  }

  /** Stops the link, every timer and the outbox; `flush` writes pending state first. */
  function stop(flush: boolean) {
    if (flush) saveNow();
    gen++;
    pollGen++;
    connected = false;
    starting = undefined;
    link = undefined;
    typingOn = false;
    for (const h of timers) clock.clearTimeout(h);
    timers.clear();
    agentTyping.value = null;
    outbox.run(false);
    transport.disconnect();
  }

  function fatal(err: ParleyError) {
    if (status.value === 'error') return;
    stop(true);
    setStatus('error', err);
    emit('error', err);
  }

  function flushIdentify() {
    const id = visitor?.identity;
    if (identifyPending && connected && id && transport.identify) {
      identifyPending = false;
      transport.identify(id).catch((e) => {
        identifyPending = true;
        log('warn', 'identify', e);
      });
    }
  }

  /** Drops this visitor's conversation everywhere (state, timers, cache) and starts a new visitor. */
  async function forget(next?: Identity) {
    await load();
    const old = visitor!;
    stop(false);
    outbox.dispose();
    outbox = newOutbox();
    messages.value = [];
    session = undefined;
    unseen = [];
    setUnread(0);
    csat.value = 'none';
    hasOlder.value = false;
    error.value = null;
    welcomeMessage.value = config.welcomeMessage;
    visitor = { id: uuid(), identity: next };
    identity.value = next ?? null;
    identifyPending = false;
    await cache.forget(old.id).catch(warn('cache'));
    await cache.setVisitor(visitor).catch(warn('cache'));
  }

  function whenConnected<T>(fn: () => Promise<T>): Promise<T> {
    return connected ? fn() : new Promise<T>((resolve, reject) => afterConnect.push(() => fn().then(resolve, reject)));
  }

  function typing(on: boolean) {
    if (!caps.typing || !transport.setTyping || !connected) return;
    cancel(typingTimer);
    if (on) {
      typingTimer = later(() => typing(false), TYPING_IDLE);
      if (typingOn && clock.now() - typingAt < TYPING_REPEAT) return;
      typingAt = clock.now();
    } else if (!typingOn) return;
    typingOn = on;
    transport.setTyping(on).catch(warn('typing'));
  }

  const subs = [
    transport.on('message', (m) => starting && receive([m], true)),
    transport.on('patch', (p) => {
      messages.value = patch(messages.value, p);
      saveSoon();
    }),
    transport.on('typing', (t) => {
      if (t.sender === 'visitor') return; // the echo of our own typing
      cancel(agentTimer);
      agentTyping.value = t.typing ? { name: t.name } : null;
      if (t.typing) agentTimer = later(() => (agentTyping.value = null), AGENT_TYPING);
    }),
    transport.on('presence', (p) => (operatorOnline.value = p.online)),
    transport.on('link', onLink),
    transport.on('event', (e) => emit('event', e)),
    transport.on('csat', () => (csat.value = 'requested')),
    transport.on('ended', () => {
      stop(true);
      setStatus('ended');
    }),
    transport.on('warning', (w) => {
      log('warn', w.message, w);
      emit('error', w);
    }),
    transport.on('error', fatal),
  ];

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
    send(text, options = {}) {
      const t = checkText(text);
      if (status.value === 'ended') throw new ParleyError('ended', 'The conversation has ended');
      const clientId = uuid();
      const m: Message = { id: clientId, clientId, text: t, sender: 'visitor', createdAt: new Date(clock.now()).toISOString(), status: 'sending' };
      if (options.replyTo) m.replyTo = options.replyTo;
      messages.value = merge(messages.value, [m]);
      typing(false);
      outbox.add({ clientId, text: t, replyTo: options.replyTo, attempts: 0 });
      if (status.value === 'idle') void start();
      return m;
    },
    retry(id) {
      const m = find(messages.value, id);
      if (m?.status !== 'failed' || !m.clientId) return;
      messages.value = update(messages.value, m.clientId, { status: 'sending' });
      outbox.retry(m.clientId);
    },
    async edit(id, text) {
      const t = checkText(text);
      if (!caps.editDelete || !transport.edit) throw unsupported();
      messages.value = patch(messages.value, await transport.edit(find(messages.value, id)?.id ?? id, t));
      saveSoon();
    },
    async remove(id) {
      if (!caps.editDelete || !transport.remove) throw unsupported();
      messages.value = patch(messages.value, await transport.remove(find(messages.value, id)?.id ?? id));
      saveSoon();
    },
    setTyping: typing,
    setOpen(open) {
      if (isOpen.value === open) return;
      isOpen.value = open;
      if (open) {
        setUnread(0);
        if (connected) read(unseen.splice(0));
      }
      emit(open ? 'open' : 'close', undefined);
    },
    async loadOlder() {
      const first = messages.value.find((m) => m.id !== m.clientId);
      const g = gen;
      if (!hasOlder.value || !first || !transport.fetchBefore) return;
      const r = await transport.fetchBefore(first.id, 50);
      if (g !== gen) return; // reset or another user meanwhile
      receive(r.messages, false);
      hasOlder.value = r.hasMore;
    },
    async identify(user) {
      if (typeof user?.id !== 'string' || !user.id) throw new ParleyError('validation', 'identify() needs an object with a non-empty string "id"');
      wanted = user;
      await load();
      if (visitor!.identity && visitor!.identity.id !== user.id) {
        // Another person: the previous one's conversation is neither shown nor continued.
        const was = !!starting;
        await forget(user);
        if (was) void start();
      } else {
        identifyPending ||= JSON.stringify(user) !== JSON.stringify(visitor!.identity);
        visitor = { ...visitor!, identity: user };
        identity.value = user;
        await cache.setVisitor(visitor).catch(warn('cache'));
        flushIdentify();
      }
      emit('identify', user);
    },
    trigger(name, data) {
      if (!caps.customEvents || !transport.trigger) return Promise.reject(unsupported());
      return whenConnected(() => transport.trigger!({ name, data }));
    },
    async submitCsat(score, comment) {
      if (!caps.csat || !transport.submitCsat) throw unsupported();
      await transport.submitCsat(score, comment);
      csat.value = 'submitted';
    },
    async end() {
      if (!caps.endConversation || !transport.end) throw unsupported();
      await transport.end();
      stop(true);
      setStatus('ended');
    },
    startNew() {
      stop(true);
      session = undefined;
      csat.value = 'none';
      return start();
    },
    async reset() {
      wanted = undefined;
      await forget();
      setStatus('idle');
      emit('reset', undefined);
    },
    on: events.on,
    off: events.off,
    destroy() {
      if (dead) return;
      stop(true);
      dead = true;
      outbox.dispose();
      for (const unsubscribe of subs) unsubscribe();
      events.clear();
    },
  };
}
