/**
 * Starts the chat for a parsed config: its backend resolved by name, its events forwarded, its
 * connection by the config's policy. In `dist/parley.js` this comes later, with
 * `dist/parley-chat.js` (./chat-entry.ts); the npm element has it at once. The window is
 * mounted separately (../ui/mount.tsx), when it is first needed.
 */
import { createChat } from '../core/chat';
import type { ParleyConfig } from '../core/config';
import type { Chat, ChatEventName } from '../core/model';
import { follow, type Emit } from './lifecycle';
import { resolveBackend } from './registry';

/** Every event of `ChatEvents`, forwarded to the host API. */
const EVENTS = 'ready open close message sent unread status identify reset event error'.split(' ') as ChatEventName[];

/**
 * The chat for `config`, its events sent to `emit`; `prepare` runs (calls the host made before
 * there was a chat) before it connects. An unknown backend throws a `config` error.
 */
export function startChat(config: ParleyConfig, emit: Emit, prepare?: (chat: Chat) => unknown): Chat {
  const chat = createChat(resolveBackend(config), config);
  for (const name of EVENTS) chat.on(name, (data: unknown) => emit(name, data));
  follow(chat, config.connect, prepare);
  return chat;
}
