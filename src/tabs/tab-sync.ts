/**
 * The chat's side of many tabs: one tab of the visitor owns the link (it connects, sends the outbox,
 * receives); the others show what the owner shows and hand it what their visitor does.
 *
 * - The owner posts what changed in its conversation (`delta`: the rows added or changed, see list-delta.ts) on every
 *   change: at once (one post per burst of synchronous changes) when it posted nothing in the last {@link POST_BATCH_MS},
 *   else once at the end of that time with whatever came meanwhile, so a burst of 500 incoming messages (each its own
 *   socket frame) travels in a few posts, not 500. It posts the whole of it (`state`) to every tab that
 *   says `hello`, to a follower that missed a delta (`resync`), and when the list changed too much for a delta. Posts
 *   are numbered (`revision`): a follower applies a delta only on top of the post it names (`since`).
 * - A follower shows the owner's list, plus its own sends the owner has not listed yet. A send is
 *   kept in the outbox storage first (`keep`: so it survives whichever tab closes), then handed to the
 *   owner (`send`, with its clientId), again to every new owner, until the owner lists it. The owner
 *   queues a clientId once: two tabs never send the same message.
 * - A tab that closes between storing a send and handing it over leaves it in storage: the owner
 *   looks there whenever a tab joins (a reload, a new tab).
 * - Takeover: when a follower becomes the owner, its own sends join the outbox and `own()` re-reads the
 *   stored conversation (session and the queued messages of every tab) and connects; messages the old
 *   owner had queued count as possibly sent, so they are looked for on the server before any resend.
 *   An owner that leaves posts at once what it has not posted yet (a send typed just before the tab
 *   closed may not be in storage yet); if that post reaches the next owner after the election did,
 *   the next owner queues its sends when the old owner's `bye` follows.
 * - Unread: every tab posts its count when the visitor's reading changes it (0 = seen); a tab whose
 *   window is open answers any other count with 0. Tabs say when their window opens or closes, so the
 *   owner counts an incoming message as unread only while no window of the visitor is open.
 */
import { effect, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { Clock, TransportEnv } from '../core/transport';
import { find, merge } from '../core/messages';
import type { Chat, CsatState } from '../core/model';
import type { ConnectionStatus, Message } from '../core/types';
import { applyDelta, diffList } from './list-delta';
import type { TabDetails, TabEnvelope, TabRequest } from './protocol';
import type { Tabs } from './tabs';

/** The part of the chat's state model the tabs read and write. */
export interface SyncedState {
  readonly messages: Signal<readonly Message[]>;
  readonly status: ReadonlySignal<ConnectionStatus>;
  readonly operatorOnline: Signal<boolean | undefined>;
  readonly agentTyping: Signal<{ name?: string } | null>;
  readonly hasOlder: Signal<boolean>;
  readonly csat: Signal<CsatState>;
  readonly welcomeMessage: Signal<string | undefined>;
  readonly unread: ReadonlySignal<number>;
  readonly isOpen: ReadonlySignal<boolean>;
  setStatus(next: ConnectionStatus): unknown;
  setUnread(count: number): void;
  emit(type: 'message' | 'sent', message: Message): void;
}

/** What the chat does for the tabs. */
export interface TabSyncParts {
  state: SyncedState;
  /** This tab became the owner: re-read the stored conversation (session, every queued message) and connect. */
  own(): Promise<void>;
  /** This tab stopped being the owner: drop the link, keep the conversation. */
  disown(): void;
  /**
   * (owner) Queue visitor messages of other tabs, unless listed already (by clientId). `maybeSent`: a tab that
   * may have sent them had them (it left, or died), so each is looked for on the server before it is sent.
   */
  enqueue(messages: readonly Message[], maybeSent: boolean): void;
  /**
   * (owner) Queue the messages stored by tabs that never handed them over (closed first, or typed
   * before there was an owner): called whenever a tab joins.
   */
  collectStored(): Promise<void>;
  /** (owner) The chat itself, which performs what other tabs request (see {@link perform}). */
  chat(): Chat;
  /** (owner) The visitor opened the window in another tab: mark what came as read. */
  seen(): void;
  /** (any tab) Store a queued message where a later owner finds it (the outbox storage). */
  keep(message: Message): void;
  log: TransportEnv['log'];
  /** Paces the owner's posts during a burst (see {@link POST_BATCH_MS}). */
  clock: Pick<Clock, 'now' | 'setTimeout'>;
}

/** The least time between two posts of the owner's changes while they keep coming, ms (a single change posts at once). */
export const POST_BATCH_MS = 100;

export interface TabSync {
  isOwner(): boolean;
  /** Resolves once this tab shows the conversation: it connected as the owner, or the owner's state arrived. */
  readonly ready: Promise<void>;
  /** A send typed in this tab while another tab owns the link (it shows at once, as `sending`). */
  handOver(message: Message): void;
  /** Asks the owner to do what the visitor or the host page did in this tab (done once the owner can: nothing to wait for here). */
  request(request: TabRequest): void;
  /** This tab's window opened or closed: shared with the other tabs (opening clears every badge). */
  setOpen(open: boolean): void;
  /** Whether the visitor has a window of this conversation open in any tab. */
  anyWindowOpen(): boolean;
  leave(): void;
}

/** The rows a post added or changed (`rows`), and those of them that are new (`fresh`). */
interface Changes {
  rows: readonly Message[];
  fresh: readonly Message[];
}

/** Joins the tabs of `key` (backend + scope + visitor) for one chat. */
export function createTabSync(tabs: Tabs, key: string, parts: TabSyncParts): TabSync {
  const { state } = parts;
  let owner = false;
  /** This tab's sends the owner has not listed yet, by clientId. */
  const handedOver = new Map<string, Message>();
  /** This tab's sends not confirmed yet (their `sent` event is this tab's to emit). */
  const unconfirmed = new Set<string>();
  /** Other tabs whose chat window is open. */
  const openElsewhere = new Set<string>();
  let shownState = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  /** (owner) The list of the last post, and the post's number. */
  let posted: readonly Message[] | undefined;
  let revision = 0;
  let publishing = false;
  const { clock } = parts;
  /** When the owner last posted its changes. */
  let postedAt = -Infinity;
  /** `whole`: post the whole state, not a delta (a tab joined or asked). */
  function publish(whole = false) {
    if (whole) posted = undefined;
    if (publishing) return;
    publishing = true;
    const wait = postedAt + POST_BATCH_MS - clock.now();
    if (wait > 0) clock.setTimeout(postPending, wait);
    else queueMicrotask(postPending);
  }
  /** Posts what waits for the end of the batch, if anything does (also when the page leaves: the next owner must hear every send). */
  function postPending() {
    if (!publishing) return;
    publishing = false;
    if (owner) post();
  }
  function post() {
    postedAt = clock.now();
    const messages = state.messages.value;
    const delta = posted && diffList(posted, messages);
    const since = revision++;
    if (delta) group.post({ type: 'delta', delta, details: details(), revision, since });
    else group.post({ type: 'state', state: { messages: messages.slice(), ...details() }, revision });
    posted = messages;
  }
  const details = (): TabDetails => ({
    status: state.status.value,
    operatorOnline: state.operatorOnline.value,
    agentTyping: state.agentTyping.value,
    hasOlder: state.hasOlder.value,
    csat: state.csat.value,
    welcomeMessage: state.welcomeMessage.value,
  });

  /**
   * (owner) The sends another tab still listed as queued after this one became the owner, by clientId: the last
   * posts of the owner before it, which may reach this tab after the election did. Queued here if that tab
   * leaves. A later post that lists one confirmed, failed or gone takes it off.
   * `removed`: the keys a delta took away; none for a whole state, whose rows are all there is.
   */
  let lastWords: { from: string; queued: Map<string, Message> } | undefined;
  function hearOtherOwner(from: string, rows: readonly Message[], removed?: readonly string[]) {
    if (lastWords?.from !== from || !removed) lastWords = { from, queued: new Map() };
    const { queued } = lastWords;
    for (const row of rows) {
      if (!row.clientId) continue;
      if (row.status === 'sending') queued.set(row.clientId, row);
      else queued.delete(row.clientId);
    }
    for (const key of removed ?? []) queued.delete(key);
  }

  /** (follower) The owner's list as last posted, which post it was, and whether a whole state was asked for. */
  let remote: readonly Message[] = [];
  let shown: { from: string; revision: number } | undefined;
  let askedWhole = false;

  /** A follower shows the owner's list, with its own sends the owner has not listed yet. */
  function show(list: readonly Message[], remoteDetails: TabDetails, from: string, postRevision: number, changes?: Changes) {
    const before = state.messages.value;
    remote = list;
    shown = { from, revision: postRevision };
    askedWhole = false;
    for (const [clientId, message] of handedOver) {
      if (find(list, clientId)) handedOver.delete(clientId);
      else list = merge(list, [message]);
    }
    state.messages.value = list;
    state.setStatus(remoteDetails.status);
    state.operatorOnline.value = remoteDetails.operatorOnline;
    state.agentTyping.value = remoteDetails.agentTyping;
    state.hasOlder.value = remoteDetails.hasOlder;
    state.csat.value = remoteDetails.csat;
    state.welcomeMessage.value = remoteDetails.welcomeMessage;
    // The first state after joining is history: nothing to announce.
    if (shownState) announce(changes ?? { rows: list, fresh: list.filter((message) => find(before, message.id) === undefined) });
    shownState = true;
    markReady();
  }

  /** A delta on top of the post shown, else (a gap: joined late, a new owner, a lost post) ask for the whole state once. */
  function showDelta(message: Extract<TabEnvelope, { type: 'delta' }>) {
    const fits = shown?.from === message.from && shown.revision === message.since;
    const { rows } = message.delta;
    // Looked up before applying: the list's index moves on to the new list.
    const fresh = fits ? rows.filter((row) => find(remote, row.id) === undefined) : [];
    const list = fits ? applyDelta(remote, message.delta) : undefined;
    if (list) return show(list, message.details, message.from, message.revision, { rows, fresh });
    if (askedWhole) return;
    askedWhole = true;
    group.post({ type: 'resync' });
  }

  /** Announces the new incoming rows, and the sends of this tab the owner confirmed. */
  function announce({ rows, fresh }: Changes) {
    for (const message of fresh) if (message.sender !== 'visitor') state.emit('message', message);
    for (const message of rows) {
      const clientId = message.clientId;
      if (clientId && unconfirmed.has(clientId) && message.id !== clientId) {
        unconfirmed.delete(clientId);
        state.emit('sent', message);
      }
    }
  }

  /**
   * What the owner accepts from a follower: a visitor message, queued, with the fields a send has (a file
   * message has no text: its one attachment is the follower's `blob:` URL, read by the owner's outbox; a
   * bot action keeps its `action` and `hidden`). A message listed already is not queued again (`enqueue`).
   */
  function accept(message: Message) {
    const text = message.text.trim();
    const attachments = message.attachments?.length ? message.attachments : undefined;
    if ((!text && !attachments) || text.length > 4000) return;
    const clientId = message.clientId!;
    const { replyTo, action, hidden } = message;
    parts.enqueue([{ id: clientId, clientId, text, sender: 'visitor', createdAt: message.createdAt, status: 'sending', replyTo, attachments, action, hidden }], false);
  }

  let lastUnread = state.unread.value;
  function setUnreadFromTab(count: number) {
    lastUnread = count;
    state.setUnread(count);
  }

  function receive(message: TabEnvelope) {
    switch (message.type) {
      case 'hello':
        if (state.isOpen.value) group.post({ type: 'open', open: true });
        if (owner) {
          publish(true);
          group.post({ type: 'unread', count: state.unread.value });
          parts.collectStored().catch((failure) => parts.log('warn', 'tabs: stored queue', failure));
        }
        break;
      case 'owner':
        for (const queued of handedOver.values()) group.post({ type: 'send', message: queued });
        break;
      case 'resync':
        if (owner) publish(true);
        break;
      case 'state':
        if (!owner) show(message.state.messages, message.state, message.from, message.revision, undefined);
        else hearOtherOwner(message.from, message.state.messages);
        break;
      case 'delta':
        if (!owner) showDelta(message);
        else hearOtherOwner(message.from, message.delta.rows, message.delta.removed);
        break;
      case 'send':
        if (owner) accept(message.message);
        break;
      case 'retry':
      case 'typing':
      case 'startNew':
      case 'trigger':
      case 'edit':
      case 'remove':
      case 'loadOlder':
      case 'csat':
      case 'end':
        if (owner) Promise.resolve(perform(parts.chat(), message)).catch((failure) => parts.log('warn', `tabs: ${message.type} for another tab`, failure));
        break;
      case 'unread':
        // The visitor is looking at this tab's window: nothing is unread.
        if (state.isOpen.value && message.count > 0) group.post({ type: 'unread', count: 0 });
        else setUnreadFromTab(message.count);
        break;
      case 'open':
        if (message.open) openElsewhere.add(message.from);
        else openElsewhere.delete(message.from);
        if (owner && message.open) parts.seen();
        break;
      case 'bye':
        openElsewhere.delete(message.from);
        if (lastWords?.from === message.from) {
          if (owner) parts.enqueue([...lastWords.queued.values()], true);
          lastWords = undefined;
        }
        break;
    }
  }

  async function becomeOwner(isOwner: boolean) {
    owner = isOwner;
    if (!isOwner) return parts.disown();
    // This tab's own sends are the outbox's now.
    parts.enqueue([...handedOver.values()], false);
    handedOver.clear();
    await parts.own();
    publish(true);
    markReady();
  }

  const group = tabs.join(key, {
    owner: (isOwner) => void becomeOwner(isOwner).catch((failure) => parts.log('warn', 'tabs: takeover', failure)),
    message: receive,
    leaving: postPending,
  });

  const stopPublishing = effect(() => {
    void state.messages.value;
    details(); // reads every other signal the state carries
    if (owner) publish();
  });
  // The unread count changed here (a message counted by the owner, a window opened): tell the others.
  const stopUnread = effect(() => {
    const count = state.unread.value;
    if (count === lastUnread) return;
    lastUnread = count;
    group.post({ type: 'unread', count });
  });

  return {
    isOwner: () => owner,
    ready,
    handOver(message) {
      parts.keep(message);
      handedOver.set(message.clientId!, message);
      unconfirmed.add(message.clientId!);
      state.messages.value = merge(state.messages.value, [message]);
      group.post({ type: 'send', message });
    },
    request: (request) => group.post(request),
    setOpen(open) {
      group.post({ type: 'open', open });
      if (open) group.post({ type: 'unread', count: 0 });
    },
    anyWindowOpen: () => state.isOpen.value || openElsewhere.size > 0,
    leave() {
      stopPublishing();
      stopUnread();
      group.leave();
      owner = false;
    },
  };
}

/** The chat action a follower's request names, performed by the owner's chat. */
function perform(chat: Chat, request: TabRequest): unknown {
  switch (request.type) {
    case 'retry':
      return chat.retry(request.clientId);
    case 'typing':
      return chat.setTyping(request.typing);
    case 'startNew':
      return chat.startNew();
    case 'trigger':
      return chat.trigger(request.name, request.data);
    case 'edit':
      return chat.edit(request.id, request.text);
    case 'remove':
      return chat.remove(request.id);
    case 'loadOlder':
      return chat.loadOlder();
    case 'csat':
      return chat.submitCsat(request.score, request.comment);
    case 'end':
      return chat.end();
  }
}
