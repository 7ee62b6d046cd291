/**
 * A test double of a BACKEND (not of the chat under test): an in-memory conversation behind the
 * Transport interface, whose answers tests can delay, fail or script, and whose calls they can read.
 */
import { createEmitter } from '../../src/core/emitter';
import type { Identity, Message } from '../../src/core/types';
import type {
  ConnectRequest,
  ConnectResult,
  SendRequest,
  SendResult,
  Transport,
  TransportCapabilities,
  TransportEvents,
  TransportSpec,
} from '../../src/core/transport';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const ALL: TransportCapabilities = {
  typing: true,
  readReceipts: true,
  editDelete: true,
  replyTo: true,
  attachments: false,
  presence: true,
  customEvents: true,
  historyPaging: true,
  csat: true,
  endConversation: true,
};

export type FakeBackend = ReturnType<typeof fakeBackend>;

/** One backend (shared by every chat created from its `spec`, like page reloads against one server). */
export function fakeBackend(caps: Partial<TransportCapabilities> = {}, scope = 'test') {
  const events = createEmitter<TransportEvents>();
  let seq = 0;
  const at = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
  const backend = {
    /** Server-side history of the current conversation. */
    server: [] as Message[],
    /** Session id of the current conversation. */
    conversation: 'c1',
    calls: {
      connect: [] as ConnectRequest[],
      send: [] as SendRequest[],
      fetchSince: [] as (string | undefined)[],
      fetchBefore: [] as string[],
      markRead: [] as string[][],
      typing: [] as boolean[],
      identify: [] as Identity[],
      trigger: [] as { name: string; data?: unknown }[],
      disconnect: 0,
    },
    emit: events.emit,
    /** Stores a message server-side (as a real backend would) and returns it. */
    store(sender: Message['sender'], text: string): Message {
      const m: Message = { id: `s${++seq}`, text, sender, createdAt: at() };
      backend.server.push(m);
      return m;
    },
    /** An agent writes: stored and pushed over the link. */
    agentSays(text: string): Message {
      const m = backend.store('agent', text);
      events.emit('message', m);
      return m;
    },
    /** Default behaviours; tests replace them. */
    onConnect: async (req: ConnectRequest): Promise<ConnectResult> => {
      const resumed = req.session?.conversation === backend.conversation;
      return { session: { conversation: backend.conversation }, messages: backend.server.slice(), resumed };
    },
    onSend: async (req: SendRequest): Promise<SendResult> => {
      const m = backend.store('visitor', req.text);
      return { id: m.id, createdAt: m.createdAt };
    },
    /** An older page (`loadOlder`): by default one message from long ago, and no more. */
    onFetchBefore: async (_beforeId: string): Promise<{ messages: Message[]; hasMore: boolean }> => ({
      messages: [{ id: 'old1', text: 'older', sender: 'agent', createdAt: '2000-01-01T00:00:00.000Z' }],
      hasMore: false,
    }),
    onFetchSince: async (afterId: string | undefined): Promise<Message[]> => {
      const i = backend.server.findIndex((m) => m.id === afterId);
      return backend.server.slice(i + 1);
    },
    spec(): TransportSpec {
      return { backend: 'fake', scope, create: () => transport };
    },
  };
  const transport: Transport = {
    capabilities: { ...ALL, ...caps },
    on: events.on,
    connect: (req) => (backend.calls.connect.push(req), backend.onConnect(req)),
    send: (req) => (backend.calls.send.push(req), backend.onSend(req)),
    fetchSince: (afterId) => (backend.calls.fetchSince.push(afterId), backend.onFetchSince(afterId)),
    fetchBefore: (beforeId) => (backend.calls.fetchBefore.push(beforeId), backend.onFetchBefore(beforeId)),
    async setTyping(t) {
      backend.calls.typing.push(t);
    },
    async markRead(ids) {
      backend.calls.markRead.push(ids);
    },
    async identify(identity) {
      backend.calls.identify.push(identity);
    },
    async edit(id, text) {
      return { id, text, editedAt: at() };
    },
    async remove(id) {
      return { id, deleted: true };
    },
    async trigger(e) {
      backend.calls.trigger.push(e);
    },
    async submitCsat() {},
    async end() {},
    disconnect() {
      backend.calls.disconnect++;
    },
  };
  return backend;
}
