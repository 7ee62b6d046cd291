/**
 * Where the chat keeps its state in a {@link KeyValueStore}. Every key is namespaced by backend and
 * scope (endpoint / project / deployment), and the conversation also by visitor, so two sites, two
 * backends or two users of one browser never see each other's data:
 *
 * - `parley/<backend>/<scope>/visitor` → {@link VisitorRecord} (who this browser is for this backend);
 * - `parley/<backend>/<scope>/<visitorId>/chat` → {@link ConversationRecord}: the history, the
 *   session, the unread count;
 * - `parley/<backend>/<scope>/<visitorId>/outbox/<clientId>` → {@link QueuedRecord}: one record per
 *   queued message. A tab writing the history can never erase a message another tab queued, and a
 *   tab only deletes the queued records it knows were confirmed.
 *
 * Every record read is validated (records.ts): an invalid one is discarded with one debug log. The
 * cache never fails the chat: an operation that fails is logged (debug mode) and reads as empty.
 * (The default store already falls back to memory when IndexedDB fails or does not answer.)
 */
import type { KeyValueStore } from '../storage/store';
import { RECORD_VERSION, readConversation, readQueued, readVisitor, type ConversationRecord, type VisitorRecord } from './records';
import type { TransportEnv } from './transport';
import type { Message } from './types';

export type { ConversationRecord, VisitorRecord } from './records';

/** Messages of history kept per conversation. */
export const MAX_CACHED = 500;

/** A conversation as read back: its history record and its queued messages (oldest first). */
export interface StoredConversation extends ConversationRecord {
  queued: Message[];
  /** clientId → the file a queued message carries (stored with its record: IndexedDB keeps Blobs). */
  files?: Map<string, Blob>;
}

export interface Cache {
  getVisitor(): Promise<VisitorRecord | undefined>;
  setVisitor(visitor: VisitorRecord): Promise<unknown>;
  /** The visitor's conversation (history and queued messages), or undefined when nothing valid is stored. */
  getConversation(visitorId: string): Promise<StoredConversation | undefined>;
  /** Writes the history (the newest {@link MAX_CACHED} messages are kept); queued messages are not touched. */
  setConversation(visitorId: string, conversation: ConversationRecord): Promise<unknown>;
  /** Writes a queued message, with the file it carries (a Blob, when the message has one not yet uploaded). */
  setQueued(visitorId: string, message: Message, file?: Blob): Promise<unknown>;
  deleteQueued(visitorId: string, clientId: string): Promise<unknown>;
  /** Deletes everything of the visitor's conversation (history and queued messages). */
  forget(visitorId: string): Promise<unknown>;
}

/** The cache of `backend` + `scope` on `store`; failures and discarded records go to `log`. */
export function createCache(store: KeyValueStore, backend: string, scope: string, log?: TransportEnv['log']): Cache {
  const base = `parley/${encodeURIComponent(backend)}/${encodeURIComponent(scope)}/`;
  const visitorKey = base + 'visitor';
  const visitorPrefix = (visitorId: string) => `${base}${encodeURIComponent(visitorId)}/`;
  const conversationKey = (visitorId: string) => visitorPrefix(visitorId) + 'chat';
  const outboxPrefix = (visitorId: string) => visitorPrefix(visitorId) + 'outbox/';
  const queuedKey = (visitorId: string, clientId: string) => outboxPrefix(visitorId) + encodeURIComponent(clientId);

  const safely = <T>(operation: Promise<T>): Promise<T | undefined> =>
    operation.catch((failure) => {
      log?.('warn', 'cache', failure);
      return undefined;
    });
  const discarded = (key: string, value: unknown) => log?.('debug', `cache: discarded an invalid record (${key})`, value);

  async function getQueued(visitorId: string, files: Map<string, Blob>): Promise<Message[]> {
    const entries = (await safely(store.entries(outboxPrefix(visitorId)))) ?? [];
    const queued: Message[] = [];
    for (const [key, value] of entries) {
      const message = readQueued(value);
      if (message) {
        queued.push(message);
        const file = (value as { file?: unknown }).file;
        if (typeof Blob !== 'undefined' && file instanceof Blob) files.set(message.clientId!, file);
      } else {
        discarded(key, value);
        void safely(store.del(key));
      }
    }
    return queued.sort((left, right) => Date.parse(left.createdAt) - Date.parse(right.createdAt));
  }

  return {
    async getVisitor() {
      const value = await safely(store.get(visitorKey));
      if (value === undefined) return undefined;
      const visitor = readVisitor(value);
      if (!visitor) discarded(visitorKey, value);
      return visitor;
    },
    setVisitor: (visitor) => safely(store.set(visitorKey, { version: RECORD_VERSION, ...visitor })),
    async getConversation(visitorId) {
      const key = conversationKey(visitorId);
      const files = new Map<string, Blob>();
      const [value, queued] = await Promise.all([safely(store.get(key)), getQueued(visitorId, files)]);
      const { record, invalid } = value === undefined ? { record: undefined, invalid: 0 } : readConversation(value);
      if (invalid) discarded(key, value);
      if (!record && !queued.length) return undefined;
      return { messages: [], ...record, queued, files };
    },
    setConversation: (visitorId, conversation) =>
      safely(store.set(conversationKey(visitorId), { version: RECORD_VERSION, ...conversation, messages: conversation.messages.slice(-MAX_CACHED) })),
    setQueued: (visitorId, message, file) => safely(store.set(queuedKey(visitorId, message.clientId!), { version: RECORD_VERSION, message, file })),
    deleteQueued: (visitorId, clientId) => safely(store.del(queuedKey(visitorId, clientId))),
    async forget(visitorId) {
      const entries = (await safely(store.entries(visitorPrefix(visitorId)))) ?? [];
      await Promise.all(entries.map(([key]) => safely(store.del(key))));
      await safely(store.del(conversationKey(visitorId)));
    },
  };
}
