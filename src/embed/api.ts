/**
 * The host-page API (`window.Parley`): a callable (`Parley('identify', user)`) with the same
 * commands as methods (`Parley.identify(user)`). Contract: ARCHITECTURE.md §2.
 *
 * Nothing here throws at the host page: bad config and failed actions are reported as `error`
 * events (config errors also as one `console.error`). Calls made before `init` are kept:
 * `identify` applies at init, `setTheme`/`setLocale` become config, the other actions run, in
 * order, as soon as the chat exists.
 */
import type { ParleyConfig } from '../core/config';
import { toParleyError } from '../core/errors';
import type { Chat, ChatEventName, ChatEvents } from '../core/model';
import type { Identity, Message } from '../core/types';
import type { ParleyElement } from './element';
import { report, type Emit } from './instance';

type Handler = (data: never) => void;
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
  /** Queues the message (shown at once as `sending`); undefined when refused (see the `error` event). */
  sendMessage(text: string): Message | undefined;
  on<K extends ChatEventName>(event: K, handler: (data: ChatEvents[K]) => void): () => void;
  off<K extends ChatEventName>(event: K, handler: (data: ChatEvents[K]) => void): void;
  trigger(name: string, data?: unknown): void;
  setTheme(theme: ParleyConfig['theme']): void;
  setLocale(locale: string): void;
  /** Removes the widget; listeners stay, a later `init` starts again. */
  destroy(): void;
  readonly version: string;
  /** The chat model (signals), once running. */
  readonly chat: Chat | undefined;
  /** The conversation so far, oldest first. */
  readonly messages: readonly Message[];
}

/** Creates the API; `doc` is where the widget element goes. */
export function createParley(doc: Document = document): ParleyApi {
  const handlers: Partial<Record<ChatEventName, Set<Handler>>> = {};
  const queue: Action[] = [];
  let resetting = false;
  let el: ParleyElement | undefined;
  let user: Identity | undefined;
  const live: Record<string, unknown> = {};

  // A throwing host handler must not stop the others nor the widget: rethrow it outside, like DOM events do.
  const emit: Emit = (name, data) =>
    handlers[name]?.forEach((h) => {
      try {
        (h as (d: unknown) => void)(data);
      } catch (err) {
        setTimeout(() => {
          throw err;
        });
      }
    });
  const fail = (err: unknown) => emit('error', toParleyError(err));
  const run = (action: Action, c: Chat) => {
    try {
      void (action(c) as Promise<unknown> | undefined)?.catch?.(fail);
    } catch (err) {
      fail(err);
    }
  };
  const chat = () => el?.chat;
  /** Runs now when the chat exists, else when it starts. */
  const act = (action: Action) => {
    const c = chat();
    c ? run(action, c) : queue.push(action);
  };
  // At start, before connecting: a pending reset first (awaited, so the first connection is fresh),
  // then the other calls in order.
  const drain = async (c: Chat) => {
    if (resetting) {
      resetting = false;
      await c.reset().catch(fail);
      const u = user;
      if (u) run(() => c.identify(u), c);
    }
    queue.splice(0).forEach((action) => run(action, c));
  };
  const setUser = (u: Identity | undefined) => {
    user = u;
    if (el?.config) el.config.user = u;
  };

  const api = ((command: string, ...args: unknown[]) => {
    const fn = (api as unknown as Record<string, unknown>)[command];
    if (typeof fn == 'function') return fn(...args);
    report(`unknown command "${command}"`, emit);
  }) as ParleyApi;

  Object.defineProperties(api, {
    chat: { get: chat },
    messages: { get: () => chat()?.messages.value ?? [] },
  });

  return Object.assign(api, {
    version: __PARLEY_VERSION__,
    init(config: Record<string, unknown>) {
      api.destroy();
      const raw: Record<string, unknown> = { ...config, ...live };
      if (user && !raw.user) raw.user = user;
      const node = (el = doc.createElement('parley-chat'));
      node.config = raw;
      node.sink = emit;
      node.prepare = drain;
      const add = () => el === node && doc.body.append(node);
      if (doc.body) add();
      else doc.addEventListener('DOMContentLoaded', add, { once: true });
      return api;
    },
    identify(u: Identity) {
      setUser(u);
      const c = chat();
      if (c) run(() => c.identify(u), c);
    },
    getIdentity: () => chat()?.identity.value ?? user ?? null,
    reset() {
      setUser(undefined);
      const c = chat();
      c ? run(() => c.reset(), c) : (resetting = true);
    },
    open: () => act((c) => c.setOpen(true)),
    close: () => act((c) => c.setOpen(false)),
    toggle: () => act((c) => c.setOpen(!c.isOpen.value)),
    sendMessage(text: string) {
      let sent: Message | undefined;
      act((c) => (sent = c.send(text)));
      return sent;
    },
    on(name: ChatEventName, handler: Handler) {
      (handlers[name] ??= new Set()).add(handler);
      return () => api.off(name, handler as never);
    },
    off(name: ChatEventName, handler: Handler) {
      handlers[name]?.delete(handler);
    },
    trigger: (name: string, data?: unknown) => act((c) => c.trigger(name, data)),
    setTheme(theme: ParleyConfig['theme']) {
      live.theme = theme;
      el?.setTheme(theme);
    },
    setLocale(locale: string) {
      live.locale = locale;
      el?.setLocale(locale);
    },
    destroy() {
      el?.remove();
      el = undefined;
    },
  } as Partial<ParleyApi>);
}
