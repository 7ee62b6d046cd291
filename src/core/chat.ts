/**
 * The chat: one conversation with one backend, as signals + actions + host events. Everything that
 * is the same for every backend lives in core/ once, one concept per file, composed here:
 *
 * - chat-state.ts: the signals and host events (the model the UI reads);
 * - visitor.ts, visitor-switch.ts: who this browser is (identity, another user, reset);
 * - persistence.ts: the conversation in the cache (shown before the network answers);
 * - incoming.ts: incoming messages, unread counts, read receipts;
 * - outbox.ts: the visitor's queued messages, sent in order, never twice, with backoff;
 * - link-policy.ts: what to do when the realtime link drops, polls or comes back;
 * - connection.ts: connect, stop, fatal errors; typing.ts: typing indicators both ways.
 */
import { signal } from '@preact/signals-core';
import { memoryStore } from '../storage/memory-store';
import { fallbackStore } from '../storage/fallback-store';
import type { KeyValueStore } from '../storage/store';
import type { TabRequest } from '../tabs/protocol';
import { createTabSync, type TabSync } from '../tabs/tab-sync';
import { browserTabs, type Tabs } from '../tabs/tabs';
import type { Clock, PageInfo, TransportEnv, TransportEventName, TransportEvents, TransportSpec, UploadFile, WebSocketConstructor } from './transport';
import { DEFAULT_RETRY, type RetryTimings } from './backoff';
import { createCache } from './cache';
import { requireCapability, type ChatContext, type Logger } from './chat-context';
import { createChatState } from './chat-state';
import type { ParleyConfig } from './config';
import { createConnection } from './connection';
import { pageInfo, systemClock, uuid } from './env';
import { ParleyError } from './errors';
import { checkFile, createPendingFiles, localAttachment } from './files';
import { createIncoming, type BatchScheduler } from './incoming';
import { createLinkPolicy } from './link-policy';
import { find, merge, patch } from './messages';
import type { Chat } from './model';
import { checkText, createOutbox } from './outbox';
import { createPersistence } from './persistence';
import { createServerClock } from './server-clock';
import { createTimers } from './timers';
import { createTyping } from './typing';
import type { ConnectionStatus, Identity, Message } from './types';
import { createTransport } from './unavailable-transport';
import { createVisitor } from './visitor';
import { createVisitorSwitch } from './visitor-switch';
import { actionFields } from './actions';
import { watchBrowserOnline, watchPageHide, type WindowTarget } from './window-events';

/** How long a tab that does not own the link waits for the owner tab's conversation before `start()` resolves anyway. */
export const OWNER_ANSWER_TIMEOUT_MS = 5000;

/** The outside world, injectable (tests pass fakes; the defaults are the browser's). */
export interface ChatDeps {
  /**
   * Default: IndexedDB (`config.storage: 'memory'`: memory only). Either way, a store that throws
   * or does not answer within `storageTimeoutMs` is replaced by memory for the rest of the page.
   */
  store?: KeyValueStore;
  /** Ms one storage call may take (default 5000). */
  storageTimeoutMs?: number;
  fetch?: typeof fetch;
  WebSocket?: WebSocketConstructor;
  clock?: Clock;
  /** For backoff jitter. */
  random?: () => number;
  /** The pace of retries (default: 1 s doubling up to 30 s, with full jitter). */
  retry?: Partial<RetryTimings>;
  /** Default: read from `location`, `document`, `navigator`, `screen` when they exist. */
  page?: PageInfo;
  log?: TransportEnv['log'];
  /** When read marks of a burst go out together (default: 250 ms after the first on the clock). */
  scheduleBatch?: BatchScheduler;
  /** Where the page says it is hidden or left (default: the page's window; none outside a page). */
  pageTarget?: WindowTarget;
  /** How file bodies are sent with progress (default: XMLHttpRequest where it exists, else fetch). */
  sendBytes?: TransportEnv['sendBytes'];
  /**
   * The other tabs of this visitor (src/tabs/): one tab owns the link, the others show its
   * conversation and hand it their sends. Default: the browser's (`BroadcastChannel`, Web Locks) in a
   * page; `false`, or none outside a page (Node): this chat runs alone, as the only tab.
   */
  tabs?: Tabs | false;
}

/**
 * Creates the chat for one backend. Nothing happens until `start()` (or `send()`): no storage,
 * no network. `config` is normally `parseConfig(...)`'s result; the chat only reads `storage`,
 * `debug`, `welcomeMessage`, `user` and `pollInterval` (ms, default 3000), so a partial
 * config works too. `warning` events from the transport become host `error` events (status
 * unchanged), and are logged in debug mode. A backend that cannot be created (its `create()`
 * throws) leaves the chat in status `error`: one `console.error`, one `error` event, no throw.
 */
export function createChat(spec: TransportSpec, config: Partial<ParleyConfig> = {}, deps: ChatDeps = {}): Chat {
  const clock = deps.clock ?? systemClock;
  const log: Logger = deps.log ?? ((level, message, detail) => void (config.debug && console[level]('[parley]', message, detail ?? '')));
  const env: TransportEnv = {
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    WebSocket: deps.WebSocket ?? globalThis.WebSocket,
    clock,
    version: __PARLEY_VERSION__,
    page: deps.page ?? pageInfo(),
    log,
  };
  if (deps.sendBytes) env.sendBytes = deps.sendBytes;
  const primaryStore = deps.store ?? (config.storage === 'memory' ? memoryStore() : undefined);
  const store = fallbackStore({
    primary: primaryStore && (() => primaryStore),
    timeoutMs: deps.storageTimeoutMs,
    log: (message, failure) => log('warn', message, failure),
  });
  const cache = createCache(store, spec.backend, spec.scope, log);
  const { transport, failure: createFailure } = createTransport(spec, env);
  const state = createChatState(config);
  const context: ChatContext = {
    state,
    transport,
    config,
    clock,
    random: deps.random ?? Math.random,
    retry: { ...DEFAULT_RETRY, ...deps.retry },
    log,
    timers: createTimers(clock),
    run: { generation: 0, connected: false },
    serverClock: createServerClock(clock),
    files: createPendingFiles(),
  };

  const visitor = createVisitor(context, cache);
  const visitorId = () => visitor.id;
  const tabs = deps.tabs ?? (globalThis.document ? browserTabs(log) : undefined);
  /** This chat among the visitor's tabs, once started (undefined: alone). */
  let sync: TabSync | undefined;
  /** This tab holds the link (the owner of the visitor's tabs, or alone): what the notifications follow. */
  const ownsLink = signal(!tabs);
  /** Whether another tab owns the link (or may: not joined yet): this one hands its actions over and writes no history. */
  const following = () => !!tabs && !sync?.isOwner();
  const persistence = createPersistence(context, cache, visitorId, () => !following());
  // The badge survives a reload.
  state.on('unread', () => persistence.saveSoon());
  // A write waiting for the end of a burst goes out when the page is hidden or left (window-events.ts).
  const stopWatchingHide = watchPageHide(() => persistence.flushPending(), deps.pageTarget);
  const outbox = createOutbox(context, persistence, visitorId);
  /** Sends made before this tab joined the others: handed over once it has. */
  const beforeJoining: Message[] = [];
  const incoming = createIncoming(context, persistence, outbox.claimable, () => sync?.anyWindowOpen() ?? state.isOpen.value, deps.scheduleBatch);
  outbox.connectTo(incoming);
  const typing = createTyping(context);

  function setStatus(next: ConnectionStatus, reason?: ParleyError) {
    if (next === 'online' && state.status.value !== 'online') outbox.stopWaiting(); // back online: no backoff wait
    state.setStatus(next, reason);
    void outbox.pump();
  }
  const linkPolicy = createLinkPolicy(context, incoming, setStatus);
  // The network is back: a send waiting out its backoff tries now (window-events.ts).
  const stopWatchingOnline = watchBrowserOnline(() => {
    outbox.stopWaiting();
    void outbox.pump();
  });

  const visitorSwitch = createVisitorSwitch(context, { visitor, persistence, outbox, incoming, connection: () => connection });
  const connection = createConnection(context, { visitor, persistence, incoming, linkPolicy, typing, load: visitorSwitch.load, setStatus });
  /**
   * Another visitor now: this tab leaves the previous visitor's tabs (the next start joins the new
   * one's), and the other tabs of this backend follow.
   */
  const forget = async (next?: Identity) => {
    await visitorSwitch.forget(next);
    leaveTabs();
    visitorWatch?.announce(visitor.id!);
  };
  let destroyed = false;

  /** Another tab changed the visitor: this one follows (and connects again if it was running). */
  async function followVisitor(visitorId: string) {
    if (destroyed || !visitor.id) return; // not loaded yet: its first load reads the new visitor
    const wasStarted = state.status.value !== 'idle';
    if (!(await visitorSwitch.follow(visitorId)) || destroyed) return;
    leaveTabs();
    if (wasStarted) void start();
  }
  const visitorWatch = tabs
    ? tabs.watchVisitor?.(`${spec.backend}/${spec.scope}`, (visitorId) => void followVisitor(visitorId).catch((failure) => log('warn', 'tabs: visitor change', failure)))
    : undefined;

  const handlers: { [Name in TransportEventName]: (event: TransportEvents[Name]) => void } = {
    message(message) {
      if (connection.started) incoming.receive([message], true);
    },
    patch: (change) => persistence.setList(patch(state.messages.value, change)),
    typing: typing.onTyping,
    presence: (presence) => {
      state.operatorOnline.value = presence.online;
    },
    link: linkPolicy.onLink,
    event: (event) => state.emit('event', event),
    csat: () => {
      state.csat.value = 'requested';
    },
    ended: connection.ended,
    warning(warning) {
      log('warn', warning.message, warning);
      state.emit('error', warning);
    },
    error: connection.fatal,
  };
  const subscriptions = Object.entries(handlers).map(([type, handler]) => transport.on(type as TransportEventName, handler as (event: unknown) => void));

  if (createFailure) {
    state.setStatus('error', createFailure);
    // After the host had a chance to listen (it only gets the chat back from this call).
    queueMicrotask(() => state.emit('error', createFailure));
  }

  /** The time (ms) given to the last message queued in this chat. */
  let lastQueuedAt = 0;

  /** Queues an own message (a text, or a file with an empty text). */
  function queue(content: Pick<Message, 'text' | 'replyTo' | 'action' | 'hidden'>, file?: UploadFile): Message {
    if (state.status.value === 'ended') throw new ParleyError('ended', 'The conversation has ended');
    const clientId = uuid();
    // Strictly after the last one queued here: messages typed in one millisecond keep their order wherever they
    // are listed again (another tab, the cache), since a list orders by time.
    lastQueuedAt = Math.max(clock.now(), lastQueuedAt + 1);
    const createdAt = new Date(lastQueuedAt).toISOString();
    const message: Message = { id: clientId, clientId, sender: 'visitor', createdAt, status: 'sending', ...content };
    if (file) {
      const attachment = localAttachment(clientId, file);
      context.files.add(clientId, file, attachment.url);
      message.attachments = [attachment];
    }
    // Another tab owns the link: it sends this one. (A file is uploaded by the tab that holds it: a
    // follower tab's file message is handed over like a text, see files.ts.)
    if (!following()) outbox.enqueue(message);
    else if (sync) sync.handOver(message);
    else {
      beforeJoining.push(message);
      state.messages.value = merge(state.messages.value, [message]);
    }
    typing.setVisitorTyping(false);
    if (state.status.value === 'idle') void start();
    void outbox.pump();
    return message;
  }

  const serverId = (id: string) => find(state.messages.value, id)?.id ?? id;

  /** Queues visitor messages of other tabs that are not listed yet (`maybeSent`: each is looked for on the server first). */
  function enqueueFromTabs(messages: readonly Message[], maybeSent: boolean) {
    const unknown = messages.filter((message) => !find(state.messages.value, message.clientId!));
    if (maybeSent) outbox.markRestored(unknown.map((message) => message.clientId!));
    for (const message of unknown) outbox.enqueue(message);
    void outbox.pump();
  }

  /** Joins the visitor's other tabs: the owner connects, the others show what it shows. */
  function joinTabs(withTabs: Tabs): TabSync {
    const joined = createTabSync(withTabs, `${spec.backend}/${spec.scope}/${visitor.id}`, {
      state,
      async own() {
        ownsLink.value = true;
        // Taking over: the session and every tab's queued messages as stored, each possibly sent already.
        outbox.markRestored(await persistence.restore(visitor.id!));
        outbox.markRestored(state.messages.value.filter((message) => message.status === 'sending').map((message) => message.clientId!));
        await connection.start();
      },
      disown() {
        ownsLink.value = false;
        connection.stop();
      },
      async collectStored() {
        // Stored by a tab that may have died mid-send.
        enqueueFromTabs(await persistence.queuedOf(visitor.id!), true);
      },
      enqueue: enqueueFromTabs,
      chat: () => chat,
      seen: incoming.flushRead,
      keep: persistence.keepQueued,
      log,
      clock,
    });
    for (const message of beforeJoining.splice(0)) joined.handOver(message);
    return joined;
  }

  /** When another tab holds the link: asks it to do `request` (the result reaches this tab with its state) and says so. */
  function handedToOwner(request: TabRequest): boolean {
    if (!following() || !sync) return false;
    sync.request(request);
    return true;
  }

  function leaveTabs() {
    sync?.leave();
    sync = undefined;
    if (tabs) ownsLink.value = false;
  }

  /** A new conversation after the last one ended (asked of the owner when another tab holds the link). */
  function startNew(): Promise<void> {
    if (handedToOwner({ type: 'startNew' })) return Promise.resolve();
    connection.stopFresh();
    return start();
  }

  const start = async () => {
    if (destroyed || createFailure) return;
    if (!tabs || sync?.isOwner()) return connection.start();
    if (state.status.value === 'idle') setStatus('connecting');
    await visitorSwitch.load();
    if (destroyed) return;
    sync ??= joinTabs(tabs);
    await waitForOwner(sync);
  };

  /**
   * A follower waits for the owner tab's conversation, but not forever: an owner tab that stopped
   * answering (a page busy in a loop, a debugger) holds the link without a word. After
   * {@link OWNER_ANSWER_TIMEOUT_MS} `start()` resolves, the status says `reconnecting` and one `error`
   * event (`network`) says why; the visitor's sends stay queued (stored) for whichever tab owns next,
   * and the owner's state, if it comes, replaces all of it.
   */
  async function waitForOwner(joined: TabSync) {
    let timer: unknown;
    const timedOut = new Promise<boolean>((resolve) => (timer = clock.setTimeout(() => resolve(false), OWNER_ANSWER_TIMEOUT_MS)));
    const answered = await Promise.race([joined.ready.then(() => true), timedOut]);
    clock.clearTimeout(timer);
    if (answered || destroyed || sync !== joined) return;
    const silence = new ParleyError('network', 'Another tab of this chat holds the connection and does not answer: messages stay queued until it does or closes');
    setStatus('reconnecting', silence);
    state.emit('error', silence);
  }

  const chat: Chat = {
    messages: state.messages,
    status: state.status,
    error: state.error,
    operatorOnline: state.operatorOnline,
    agentTyping: state.agentTyping,
    unread: state.unread,
    identity: state.identity,
    isOpen: state.isOpen,
    welcomeMessage: state.welcomeMessage,
    csat: state.csat,
    hasOlder: state.hasOlder,
    capabilities: transport.capabilities,
    ownsLink,
    start,
    send(text, { replyTo, action } = {}) {
      const checked = checkText(text);
      return queue({ text: checked, replyTo, ...actionFields(transport, action) });
    },
    fileLimits: transport.fileLimits,
    sendFile(file) {
      requireCapability(transport, 'attachments');
      try {
        checkFile(file, transport.fileLimits);
      } catch (refusal) {
        state.emit('error', refusal as ParleyError); // whoever asked (button, drop, host), the host hears of it
        throw refusal;
      }
      return queue({ text: '' }, file);
    },
    // A file handed to the owner tab is uploaded there: this tab has no progress of it, and nothing of its
    // own to cancel (dropping the file here would only revoke the `blob:` URL the owner reads it from).
    uploadProgress: (id) => {
      const clientId = find(state.messages.value, id)?.clientId;
      return clientId && !following() ? context.files.progress(clientId) : undefined;
    },
    cancelUpload: (id) => !following() && outbox.cancelUpload(id),
    retry(id) {
      if (!handedToOwner({ type: 'retry', clientId: find(state.messages.value, id)?.clientId ?? id })) outbox.retry(id);
    },
    async edit(id, text) {
      const checked = checkText(text);
      const editor = requireCapability(transport, 'editDelete');
      if (handedToOwner({ type: 'edit', id, text: checked })) return;
      const change = await editor.edit!(serverId(id), checked);
      persistence.setList(patch(state.messages.value, change));
    },
    async remove(id) {
      const editor = requireCapability(transport, 'editDelete');
      if (handedToOwner({ type: 'remove', id })) return;
      const change = await editor.remove!(serverId(id));
      persistence.setList(patch(state.messages.value, change));
    },
    setTyping(active) {
      if (!handedToOwner({ type: 'typing', typing: active })) typing.setVisitorTyping(active);
    },
    setOpen(open) {
      if (state.isOpen.value === open) return;
      state.isOpen.value = open;
      sync?.setOpen(open);
      if (open) {
        const hadUnread = state.unread.value > 0;
        state.setUnread(0);
        if (hadUnread) persistence.saveSoon(); // the count is part of the stored conversation
        incoming.flushRead();
      }
      state.emit(open ? 'open' : 'close');
    },
    async loadOlder() {
      const oldest = state.messages.value.find((message) => message.id !== message.clientId);
      const generation = context.run.generation;
      if (!state.hasOlder.value || !oldest || handedToOwner({ type: 'loadOlder' })) return;
      const page = await transport.fetchBefore!(oldest.id, 50);
      if (generation !== context.run.generation) return; // reset or another user meanwhile
      incoming.receiveOlder(page.messages);
      state.hasOlder.value = page.hasMore;
    },
    async identify(user) {
      if (typeof user?.id !== 'string' || !user.id) throw new ParleyError('validation', 'identify() needs an object with a string "id"');
      visitor.want(user);
      await visitorSwitch.load();
      const current = visitor.record.identity;
      if (current && current.id !== user.id) {
        // Another person: the previous one's conversation is neither shown nor continued.
        // Restart when the chat was running, or had ended or failed: the new person starts afresh.
        const wasStarted = state.status.value !== 'idle';
        await forget(user);
        if (wasStarted) void start();
      } else await visitor.adopt(user);
      state.emit('identify', user);
    },
    async trigger(name, data) {
      const withEvents = requireCapability(transport, 'customEvents');
      // Another tab holds the link: it sends the event (this promise does not wait for the backend's answer).
      if (handedToOwner({ type: 'trigger', name, data })) return;
      const changesBefore = visitorSwitch.changes;
      if (!context.run.connected) await connection.whenConnected();
      if (changesBefore !== visitorSwitch.changes) throw new ParleyError('ended', 'Not sent: the visitor changed');
      return withEvents.trigger!({ name, data });
    },
    async submitCsat(score, comment) {
      const rater = requireCapability(transport, 'csat');
      if (handedToOwner({ type: 'csat', score, comment })) return;
      await rater.submitCsat!(score, comment);
      state.csat.value = 'submitted';
    },
    async end() {
      const ender = requireCapability(transport, 'endConversation');
      if (handedToOwner({ type: 'end' })) return;
      await ender.end!();
      connection.ended();
    },
    startNew,
    async reset() {
      visitor.want(undefined);
      context.files.clear();
      await forget();
      setStatus('idle');
      state.emit('reset');
    },
    on: state.on,
    off: state.off,
    destroy() {
      if (destroyed) return;
      leaveTabs();
      visitorWatch?.close();
      stopWatchingOnline();
      stopWatchingHide();
      connection.stop();
      destroyed = true;
      for (const unsubscribe of subscriptions) unsubscribe();
      state.dispose();
    },
  };
  return chat;
}
