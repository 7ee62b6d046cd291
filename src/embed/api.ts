/**
 * The host-page API (`window.Parley`): a callable (`Parley('identify', user)`) with the same
 * commands as methods (`Parley.identify(user)`). Contract: ARCHITECTURE.md §2.
 *
 * Nothing here throws at the host page: bad config and failed actions are reported (one
 * `console.error` and an `error` event). Calls made before the chat exists are kept and run in
 * order when it starts, before it connects (so `identify` and `reset` shape the first connection);
 * `setTheme`/`setLocale` before `init` become config.
 */
import { parseRawConfig, type ParleyConfig } from '../core/config';
import { createEmitter } from '../core/emitter';
import type { ParleyError } from '../core/errors';
import type { Chat, ChatEventName, ChatEvents } from '../core/model';
import type { Identity, Message } from '../core/types';
import { report, type Emit } from './lifecycle';
import { registerBackend } from './registry';

type Action = (chat: Chat) => unknown;

/** The `Parley` global. `init` returns it, so `const chat = Parley.init({...}); chat.on(...)` reads well. */
export interface ParleyApi {
  (command: string, ...args: unknown[]): unknown;
  init(config: Record<string, unknown>): ParleyApi;
  identify(user: Identity): void;
  getIdentity(): Identity | null;
  reset(): void;
  open(): void;
  close(): void;
  toggle(): void;
  /**
   * Queues the message (shown at once as `sending`). Returns it, or undefined when refused (see
   * `error`) or before the chat exists (before `init`, or while the backend's code is still loading:
   * the message is then sent once the chat starts).
   */
  sendMessage(text: string): Message | undefined;
  /**
   * Queues a file (a `File` or `Blob`) like `sendMessage`: returns its message (status `sending`, the
   * file as its attachment), or undefined when refused (an `error` event: `validation` for a file the
   * backend does not take, `unsupported` for a backend without files) or before the chat exists.
   */
  sendFile(file: Blob): Message | undefined;
  on<K extends ChatEventName>(event: K, handler: (data: ChatEvents[K]) => void): () => void;
  off<K extends ChatEventName>(event: K, handler: (data: ChatEvents[K]) => void): void;
  trigger(name: string, data?: unknown): void;
  setTheme(theme: ParleyConfig['theme']): void;
  setLocale(locale: string): void;
  /** Removes the widget; listeners stay, a later `init` starts again. */
  destroy(): void;
  /** Makes `backend: name` available to `init` (a site's own backend, or one from an npm entry). */
  registerBackend: typeof registerBackend;
  readonly version: string;
  /** Internal (`dist/parley.js`): the modules its backend files share, see src/embed/shared.ts. */
  _k?: object;
}

/** Creates the API (one per page: `dist/parley.js` makes it the `Parley` global); `<parley-chat>` must be defined. */
export function createParley(): ParleyApi {
  // Listeners live here, not on a chat: they survive destroy/init and hear config errors too.
  const events = createEmitter<ChatEvents>();
  const emit = events.emit as Emit;
  const queue: Action[] = [];
  /** One of the queued calls is one the visitor waits for: the chat starts as soon as there is a config. */
  let startSoon = false;
  /** One of them opens the window: its code is fetched together with the chat's. */
  let windowSoon = false;
  /** Theme and locale set by the host: they win over the config of `init`, and last across `init`s. */
  const live: Record<string, unknown> = {};
  // One element for the page's lifetime: `init` (re)connects it, `destroy` removes it.
  const element = document.createElement('parley-chat');
  element.sink = emit;
  // Before connecting, the calls made while there was no chat, one after the other (a `reset` must
  // be done before the next `identify`). `trigger` waits for the connection, so it is not awaited.
  element.prepare = async (chat) => {
    startSoon = windowSoon = false;
    for (const action of queue.splice(0)) await run(action, chat);
  };

  const fail = (err: unknown) => report(err, emit);
  const run = async (action: Action, chat: Chat) => {
    try {
      await action(chat);
    } catch (err) {
      fail(err);
    }
  };
  /**
   * Runs now when the chat exists, else when it starts; `now`: a call the visitor would wait for
   * (open, send, ...) starts the chat at once rather than when the browser is idle; `'window'`: one
   * that opens the window, whose code is then fetched at once too.
   */
  const act = (action: Action, now?: boolean | 'window') => {
    const chat = element.chat;
    if (chat) return run(action, chat);
    queue.push(action);
    if (!now) return;
    startSoon = true;
    windowSoon ||= now == 'window';
    element.startNow(windowSoon);
  };
  /** Theme or locale, validated like at start, then applied live (a bad value is reported and changes nothing). */
  const set = (change: Record<string, unknown>) => {
    try {
      parseRawConfig({ backend: '-', ...change });
      element.config = { ...element.config, ...Object.assign(live, change) };
      element.connectedCallback();
    } catch (err) {
      fail(err);
    }
  };

  const methods = {
    version: __PARLEY_VERSION__,
    init(config) {
      element.remove();
      element.config = { ...config, ...live };
      // Called from <head> before <body> exists, the widget goes at the end of <html>: it is fixed or
      // placed by the host anyway, and survives hosts that replace <body>.
      (document.body ?? document.documentElement).append(element);
      // Calls the visitor waits for, made before `init` (e.g. queued by the pre-load stub): now.
      if (startSoon) element.startNow(windowSoon);
      return api;
    },
    identify: (user) => act((chat) => chat.identify(user)),
    getIdentity: () => element.chat?.identity.value ?? null,
    reset: () => act((chat) => chat.reset()),
    open: () => act((chat) => chat.setOpen(true), 'window'),
    close: () => act((chat) => chat.setOpen(false)),
    toggle: () => act((chat) => chat.setOpen(!chat.isOpen.value), 'window'),
    sendMessage(text) {
      let sent: Message | undefined;
      act((chat) => (sent = chat.send(text)), true);
      return sent;
    },
    sendFile(file) {
      let sent: Message | undefined;
      act((chat) => {
        try {
          sent = chat.sendFile(file);
        } catch (refusal) {
          // The chat has already emitted its `validation` error; anything else is reported here.
          if ((refusal as ParleyError).code !== 'validation') throw refusal;
        }
      });
      return sent;
    },
    on: events.on,
    off: events.off,
    trigger: (name, data) => act((chat) => void chat.trigger(name, data).catch(fail), true),
    setTheme: (theme) => set({ theme }),
    setLocale: (locale) => set({ locale }),
    destroy: () => element.remove(),
    registerBackend,
  } as ParleyApi;

  // The callable, with the methods (and getters) on its prototype: `Parley('open')` = `Parley.open()`.
  const api: ParleyApi = Object.setPrototypeOf((command: string, ...args: unknown[]) => {
    const fn = (methods as unknown as Record<string, unknown>)[command];
    return typeof fn == 'function' ? fn(...args) : fail(`unknown command "${command}"`);
  }, methods);
  return api;
}
