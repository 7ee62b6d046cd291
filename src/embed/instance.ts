/**
 * One running widget: config → transport → chat model → UI in a shadow root.
 * Shared by `<parley-chat>` and the host API so both behave the same.
 */
import { createChat } from '../core/chat';
import { parseConfig, type ParleyConfig } from '../core/config';
import { toParleyError } from '../core/errors';
import type { Chat, ChatEventName } from '../core/model';
import { mountWidget } from '../ui/mount';
import { resolveBackend } from './registry';

/** Where chat events go (the host API's listeners, the element's DOM events). */
export type Emit = (name: ChatEventName, data?: unknown) => void;

/** Every event of `ChatEvents`, forwarded as is. */
const EVENTS: ChatEventName[] = ['ready', 'open', 'close', 'message', 'sent', 'unread', 'status', 'identify', 'reset', 'event', 'error'];

export interface Instance {
  readonly chat: Chat;
  readonly config: ParleyConfig;
  setTheme(theme: ParleyConfig['theme']): void;
  setLocale(locale: string): void;
  destroy(): void;
}

/**
 * A failure the host must see without the page breaking: one `console.error` (naming the key for
 * config errors, as the message does) and an `error` event.
 */
export function report(err: unknown, emit: Emit): void {
  const e = toParleyError(err, 'config');
  console.error(/^parley/i.test(e.message) ? e.message : 'Parley: ' + e.message);
  emit('error', e);
}

/**
 * Connects `chat` by its connect policy (`eager`: now; `idle`: when the browser is idle; `open`: on
 * first open), after `prepare`, and again after each `reset` (logout leaves the chat idle).
 * Returns a function that stops following.
 */
export function follow(chat: Chat, connect: ParleyConfig['connect'], prepare?: (chat: Chat) => unknown): () => void {
  let live = true;
  const start = () => void (live && chat.start());
  const offs = [chat.on('reset', policy)];
  function policy() {
    if (connect === 'eager') start();
    else if (connect === 'open' && !chat.isOpen.value) offs.push(chat.on('open', start));
    else if (typeof requestIdleCallback == 'function') requestIdleCallback(start, { timeout: 2000 });
    else setTimeout(start, 50);
  }
  void Promise.resolve(prepare?.(chat)).then(policy);
  return () => {
    live = false;
    offs.forEach((off) => off());
  };
}

/**
 * Starts a widget in `root`. Bad config is reported (never thrown) and gives `undefined`.
 * `prepare` runs before the first connection (queued host calls such as `reset()`).
 */
export function startInstance(
  root: ShadowRoot,
  raw: Record<string, unknown>,
  emit: Emit,
  prepare?: (chat: Chat) => unknown,
): Instance | undefined {
  let chat: Chat | undefined;
  try {
    const config = parseConfig(raw);
    const c = (chat = createChat(resolveBackend(config), config));
    const offs = EVENTS.map((name) => c.on(name, (data: unknown) => emit(name, data)));
    const ui = mountWidget(root, c, config);
    const stop = follow(c, config.connect, prepare);
    return {
      chat: c,
      config,
      setTheme: ui.setTheme,
      setLocale: ui.setLocale,
      destroy() {
        stop();
        offs.forEach((off) => off());
        ui.unmount();
        c.destroy();
      },
    };
  } catch (err) {
    chat?.destroy();
    report(err, emit);
  }
}
