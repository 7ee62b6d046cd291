/** Builds a chat on a fake backend and records every host event it emits. */
import { createChat } from '../../src/core/chat';
import type { ParleyConfig } from '../../src/core/config';
import type { ChatEventName, ChatEvents } from '../../src/core/model';
import { memoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore } from '../../src/storage/store';
import type { FakeBackend } from './fake-backend';

const NAMES: ChatEventName[] = ['ready', 'open', 'close', 'message', 'sent', 'unread', 'status', 'identify', 'reset', 'event', 'error'];

export function makeChat(backend: FakeBackend, store: KeyValueStore = memoryStore(), config: Partial<ParleyConfig> = {}) {
  const chat = createChat(backend.spec(), { backend: 'fake', ...config }, { store, random: () => 0.5 });
  const seen: { type: ChatEventName; event: unknown }[] = [];
  for (const type of NAMES) chat.on(type, (event) => seen.push({ type, event }));
  const events = <K extends ChatEventName>(type: K) => seen.filter((s) => s.type === type).map((s) => s.event as ChatEvents[K]);
  const texts = () => chat.messages.value.map((m) => m.text);
  return { chat, store, events, texts };
}
