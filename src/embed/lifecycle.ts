/**
 * What every running widget does, whichever way it came in (`<parley-chat>`, `Parley.init`, `mount`):
 * connect by the config's policy, and report failures without breaking the page.
 */
import type { ParleyConfig } from '../core/config';
import { whenIdle } from '../core/env';
import { toParleyError } from '../core/errors';
import type { Chat, ChatEventName } from '../core/model';

/** Where chat events go (the host API's listeners). */
export type Emit = (name: ChatEventName, data?: unknown) => void;

/**
 * A failure the host must see without the page breaking: one `console.error` (the `ParleyError`,
 * whose message names the config key at fault) and an `error` event.
 */
export function report(err: unknown, emit: Emit): void {
  const error = toParleyError(err, 'config');
  console.error(error);
  emit('error', error);
}

/**
 * Connects `chat` by its connect policy (`eager`: now; `idle`: when the browser is idle; `open`: on
 * first open), after `prepare` (calls the host made before the chat existed), and again after each
 * `reset` (logout leaves the chat idle). Opening the window always connects (`idle` may not have
 * come yet). A destroyed chat ignores `start()`, so there is nothing to undo.
 */
export function follow(chat: Chat, connect: ParleyConfig['connect'], prepare?: (chat: Chat) => unknown): void {
  const start = chat.start;
  const policy = () =>
    connect == 'idle'
      ? whenIdle(start, 2000)
      : (connect == 'eager' || chat.isOpen.value) && start();
  void Promise.resolve(prepare?.(chat)).then(() => {
    chat.on('open', start);
    chat.on('reset', policy);
    policy();
  });
}
