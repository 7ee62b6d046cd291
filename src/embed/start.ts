/**
 * Starts a widget for a parsed config: the chat (its backend resolved by name), its UI in the element's
 * shadow root, its events forwarded, its connection by the config's policy. In `dist/parley.js` this
 * comes later, with `dist/parley-widget.js` (./widget-entry.ts); the npm element has it at once.
 */
import { createChat } from '../core/chat';
import type { ParleyConfig } from '../core/config';
import type { Chat, ChatEventName } from '../core/model';
import { mountWidget, type WidgetView } from '../ui/mount';
import { follow, type Emit } from './lifecycle';
import { resolveBackend } from './registry';

/** Every event of `ChatEvents`, forwarded to the host API. */
const EVENTS = 'ready open close message sent unread status identify reset event error'.split(' ') as ChatEventName[];

export interface StartedWidget {
  chat: Chat;
  view: WidgetView;
}

/**
 * The chat for `config`, rendered into `root`, its events sent to `emit`; `prepare` runs (calls the
 * host made before there was a chat) before it connects. An unknown backend throws a `config` error.
 */
export function startWidget(root: ShadowRoot, config: ParleyConfig, emit: Emit, prepare?: (chat: Chat) => unknown): StartedWidget {
  const chat = createChat(resolveBackend(config), config);
  for (const name of EVENTS) chat.on(name, (data: unknown) => emit(name, data));
  const view = mountWidget(root, chat, config);
  follow(chat, config.connect, prepare);
  return { chat, view };
}
