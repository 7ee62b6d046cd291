/**
 * Writes the visitor's conversation to the cache, so a reload shows it before the network answers
 * (even offline), and reads it back once at start.
 *
 * The history (with the session and the unread count) is one record; each queued message is a
 * record of its own (cache.ts). This tab writes a queued record when its message changes and
 * deletes it once the message is confirmed; it never touches the queued records of other tabs.
 *
 * With several tabs of one visitor (src/tabs/), only the tab that owns the link writes (`writes()`);
 * another tab only stores the messages its visitor queues (`keepQueued`), for the owner to send.
 *
 * A list change (an incoming message, a receipt) is written at once when none was written in the last
 * 250 ms (a reload right after a message finds it cached), else at the end of that 250 ms with whatever
 * else came meanwhile: a burst costs one write per 250 ms, not one per frame, and a write that would store
 * what is stored already is skipped. The history record holds the newest MAX_CACHED (cache.ts) messages,
 * so a write costs the same for a 5,000-message conversation as for a 500-message one. Outbox changes
 * are written at once (`save`): a send must survive a reload that comes right after it.
 */
import type { Cache } from './cache';
import type { ChatContext } from './chat-context';
import { ParleyError } from './errors';
import { merge } from './messages';
import { isQueued } from './records';
import type { SessionRef, UploadFile } from './transport';
import type { Message } from './types';

export type Persistence = ReturnType<typeof createPersistence>;

const BURST_WRITE_DELAY_MS = 250;

export function createPersistence(context: ChatContext, cache: Cache, visitorId: () => string | undefined, writes: () => boolean = () => true) {
  /**
   * A queued message read back: the `blob:` URL of an earlier page is dead, so its file (stored with the
   * record) gets a new one; without the file a message still waiting for its upload cannot be sent (`failed`).
   */
  function restoreFile(message: Message, file: Blob | undefined): Message {
    const local = message.attachments?.find((attachment) => attachment.url.startsWith('blob:'));
    if (!local) return message;
    const clientId = message.clientId!;
    if (!file) {
      context.state.emit('error', new ParleyError('validation', 'A file queued before the page was reloaded is lost', { reason: 'file-lost' }));
      return { ...message, status: 'failed' };
    }
    const url = URL.createObjectURL(file);
    // A File comes back as a File (its name kept); a Blob gets the name it was shown with.
    const named: UploadFile = 'name' in file ? (file as UploadFile) : Object.assign(file, { name: local.name });
    if (!context.files.has(clientId)) context.files.add(clientId, named, url);
    return { ...message, attachments: [{ ...local, url }] };
  }

  const { state, timers } = context;
  /** What the transport needs to resume this conversation (opaque to the core). */
  let session: SessionRef | undefined;
  /** clientId → the queued record this tab last wrote (as JSON): the queued records this tab owns. */
  const writtenQueued = new Map<string, string>();
  /** What the last history write stored (skipped when nothing of it changed). */
  let writtenHistory: { visitorId: string; messages: readonly Message[]; session?: SessionRef; hasOlder: boolean; unread: number } | undefined;

  /** Whether the history record as it would be written now is the one written last. */
  function historyUnchanged(visitorId: string): boolean {
    const last = writtenHistory;
    return (
      !!last &&
      last.visitorId === visitorId &&
      last.messages === state.messages.value &&
      last.session === session &&
      last.hasOlder === state.hasOlder.value &&
      last.unread === state.unread.value
    );
  }

  function write() {
    const id = visitorId();
    if (!id || !writes()) return;
    const history: Message[] = [];
    const stillQueued = new Set<string>();
    for (const message of state.messages.value) {
      if (!isQueued(message)) {
        history.push(message);
        continue;
      }
      const clientId = message.clientId!;
      stillQueued.add(clientId);
      // The file goes along while it is not uploaded yet (afterwards the message carries the stored copy).
      const file = context.files.stored(clientId) ? undefined : context.files.file(clientId);
      const json = JSON.stringify(message) + (file ? ' +file' : '');
      if (writtenQueued.get(clientId) === json) continue;
      writtenQueued.set(clientId, json);
      void cache.setQueued(id, message, file);
    }
    // The history first: a confirmed message is in it before its queued record goes.
    if (!historyUnchanged(id)) {
      writtenHistory = { visitorId: id, messages: state.messages.value, session, hasOlder: state.hasOlder.value, unread: state.unread.value };
      void cache.setConversation(id, { session, messages: history, hasOlder: state.hasOlder.value, unread: state.unread.value });
    }
    for (const clientId of [...writtenQueued.keys()]) {
      if (stillQueued.has(clientId)) continue;
      writtenQueued.delete(clientId);
      void cache.deleteQueued(id, clientId);
    }
  }

  /** Changes came since the last write, within the current burst window. */
  let changedInBurst = false;

  /** The end of a burst window: what came during it is written, and a new window starts. */
  function burstWindowEnds() {
    if (!changedInBurst) return;
    changedInBurst = false;
    write();
    timers.start('save', burstWindowEnds, BURST_WRITE_DELAY_MS);
  }

  /** Writes now (and closes the burst window). */
  function save() {
    timers.cancel('save');
    changedInBurst = false;
    write();
  }

  /**
   * Writes now when nothing was written in the last BURST_WRITE_DELAY_MS; else once at the end of
   * that window, for the whole burst of changes meanwhile.
   */
  function saveSoon() {
    if (timers.isPending('save')) {
      changedInBurst = true;
      return;
    }
    // At once, but after the other changes of the same event (its unread count, its receipts).
    void Promise.resolve().then(write);
    timers.start('save', burstWindowEnds, BURST_WRITE_DELAY_MS);
  }

  return {
    /** Writes now what waits for the end of a burst, if anything does (the page is being hidden or left). */
    flushPending() {
      if (changedInBurst) save();
    },
    get session(): SessionRef | undefined {
      return session;
    },
    set session(next: SessionRef | undefined) {
      session = next;
    },
    save,
    saveSoon,

    /** Stores one queued message of this tab's visitor, for whichever tab sends it (the owner writes the rest). */
    keepQueued(message: Message) {
      const id = visitorId();
      if (id) void cache.setQueued(id, message);
    },

    /** Sets the list, and writes it with the rest of the burst. */
    setList(list: readonly Message[]) {
      state.messages.value = list;
      saveSoon();
    },

    /**
     * Reads the visitor's conversation into the state (merged with anything already listed).
     * Returns the clientIds of the messages an earlier page had queued: an attempt may have reached the server.
     */
    async restore(id: string): Promise<string[]> {
      const stored = await cache.getConversation(id);
      if (!stored) return [];
      session = stored.session;
      state.hasOlder.value = !!stored.hasOlder;
      // Queued messages inside the history come from before the outbox had records of its own.
      const history = stored.messages.filter((message) => !isQueued(message));
      const confirmed = new Set(history.map((message) => message.clientId));
      const queued: Message[] = [];
      for (const stale of [...stored.messages.filter(isQueued), ...stored.queued]) {
        const clientId = stale.clientId!;
        // Confirmed, but the tab that sent it closed before deleting its record.
        if (confirmed.has(clientId)) void cache.deleteQueued(id, clientId);
        else {
          const message = restoreFile(stale, stored.files?.get(clientId));
          queued.push(message);
          writtenQueued.set(clientId, JSON.stringify(message) + (stored.files?.has(clientId) ? ' +file' : ''));
        }
      }
      const merged = merge(merge(history, queued), state.messages.value);
      // Read back as it is shown already (a tab taking the link over reads the cache again): the list
      // stays the same, so no row renders again.
      if (JSON.stringify(merged) !== JSON.stringify(state.messages.value)) state.messages.value = merged;
      if (stored.unread && !state.isOpen.value) state.setUnread(stored.unread);
      return queued.filter((message) => message.status === 'sending').map((message) => message.clientId!);
    },

    /** The messages another visitor of this browser left queued (status `sending`), oldest first. */
    async queuedOf(id: string): Promise<Message[]> {
      const stored = await cache.getConversation(id);
      const queued = [...(stored?.messages.filter(isQueued) ?? []), ...(stored?.queued ?? [])];
      return queued.filter((message) => message.status === 'sending');
    },

    /** Deletes a visitor's conversation from the cache; this tab owns no queued record any more. */
    forget(id: string) {
      writtenQueued.clear();
      writtenHistory = undefined;
      return cache.forget(id);
    },
  };
}
