/**
 * A chat as one tab of a visitor, for the multi-tab integration tests: its own `createTabs` (a real
 * BroadcastChannel, the real clock), the visitor's browser storage `store`, and the backend over real
 * HTTP/WebSockets. `openTabChat` registers the chat so `destroyTabChats()` (in `afterEach`) ends it.
 */
import { createChat } from '../../src/core/chat';
import type { Chat } from '../../src/core/model';
import type { TransportSpec } from '../../src/core/transport';
import type { KeyValueStore } from '../../src/storage/store';
import { createTabs, type Lifecycle } from '../../src/tabs/tabs';
import { NodeWS, realClock } from './node-env';

const opened: Chat[] = [];
let tabCount = 0;

export interface TabChatOptions {
  /** The page's lifecycle (freeze / resume), where a test drives it. */
  lifecycle?: Lifecycle;
  /** The jitter's random draw (default 0.1). */
  random?: number;
}

/** A new tab's chat on `spec`, sharing `store` with the visitor's other tabs. */
export function openTabChat(spec: TransportSpec, store: KeyValueStore, { lifecycle, random = 0.1 }: TabChatOptions = {}): Chat {
  const tabs = createTabs({ BroadcastChannel, clock: realClock, tabId: `tab-${++tabCount}`, ...(lifecycle && { lifecycle }) });
  const chat = createChat(
    spec,
    { backend: spec.backend, storage: 'memory', pollInterval: 150 },
    { store, tabs, fetch: globalThis.fetch, WebSocket: NodeWS, clock: realClock, random: () => random, log: () => undefined },
  );
  opened.push(chat);
  return chat;
}

/** Ends every chat `openTabChat` opened (call in `afterEach`, before stopping the server). */
export function destroyTabChats(): void {
  for (const chat of opened.splice(0)) chat.destroy();
}
