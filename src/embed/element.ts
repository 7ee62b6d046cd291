import { parseRawConfig } from '../core/config';
import type { Chat } from '../core/model';
import type { WidgetView } from '../ui/mount';
import { toConfig } from './attributes';
import { report, type Emit } from './lifecycle';
import { startWidget, whenAuth, whenDictionary, whenWidget } from './deferred';
import { whenLoadedAndIdle } from './idle';
import { showLauncher } from './launcher';
import { checkBackend, whenBackend } from './registry';

/**
 * `<parley-chat>`: the widget as a custom element, rendered into an open shadow root.
 *
 * Attributes are config keys in kebab-case (`backend`, `endpoint`, `organization-id`, `primary-color`,
 * `mode="inline"`, `theme='{"radius":"4px"}'`, …). `theme` and `locale` apply live; any other change
 * restarts the widget (the cached history makes that instant). The `config` property takes the same
 * keys as an object and wins over attributes; set it before the element is connected, or call
 * `connectedCallback()` after changing it.
 * Bad config is reported (one `console.error` naming the key, an `error` to `sink`), never thrown.
 *
 * Floating, the launcher shows at once; the chat and its UI (in `dist/parley.js`: its own file, with
 * the backend's and the language's) start when the browser is idle after the page's `load`, or at once
 * when the visitor clicks the launcher or the host calls for the chat (`startNow`). Inline, at once.
 *
 * @cssproperty --parley-* theme tokens.
 */
export class ParleyElement extends HTMLElement {
  /** Config given by script (wins over attributes). */
  config?: Record<string, unknown>;
  /** Receives every event of the chat (`name`, `data`) and config errors; the host API listens here. */
  sink: Emit = () => {};
  /** Runs at each start, before connecting (used by the host API for calls made before init). */
  prepare?: (chat: Chat) => unknown;
  /** The chat model of the running widget (undefined before start or after a config error). */
  chat?: Chat;
  /** Starts the chat now rather than when the browser is idle (nothing once started, or without config). */
  startNow: () => void = () => {};
  /** The UI of the running widget. */
  private view?: WidgetView;
  /** The config that started it, without what applies live (`false` when disconnected). */
  private startedWith?: string | false;
  /** The start of the current config (its code may still be loading): a restart replaces it. */
  private pendingStart?: () => void;
  /** The launcher shown until the widget starts. */
  private earlyLauncher?: HTMLElement | undefined;
  /** The visitor clicked the early launcher: the window opens when the widget starts (kept across a restart meanwhile). */
  private openWhenStarted = false;
  /** The locale last set live (its strings may still be loading). */
  private liveLocale?: string;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    new MutationObserver(() => this.connectedCallback()).observe(this, { attributes: true });
  }

  /**
   * Applies the current `config` and attributes: live when only theme/locale changed, else by a
   * restart (or a stop, once disconnected). Also runs on every attribute change and on disconnect.
   */
  connectedCallback(): void {
    const raw = { ...toConfig(Array.from(this.attributes, (a): [string, string] => [a.name, a.value])), ...this.config };
    // What needs a restart: everything but theme and locale (left out, not blanked: key order must not matter).
    const { theme: _theme, locale: _locale, ...rest } = raw;
    const key = this.isConnected && JSON.stringify(rest);
    const emit = this.sink;
    const live = key == this.startedWith && this.chat;
    if (!live) {
      if (this.chat) this.view!.unmount(), this.chat.destroy();
      this.removeEarlyLauncher();
      this.chat = this.pendingStart = undefined;
      this.startNow = () => {};
      this.startedWith = key;
      if (!key) this.openWhenStarted = false;
    }
    if (key)
      try {
        const config = parseRawConfig(raw);
        checkBackend(config);
        const { theme, locale } = config;
        const fail = (err: unknown) => report(err, emit);
        // A language's strings may still have to be fetched: without them, English shows (and the error is reported).
        const words = (wanted: string) => whenDictionary(wanted)?.catch(fail);
        if (live) {
          const view = this.view!;
          view.setTheme(theme);
          if (locale) {
            this.liveLocale = locale;
            // The last locale asked for wins, whichever dictionary arrives first.
            const apply = () => this.view == view && this.liveLocale == locale && view.setLocale(locale);
            Promise.resolve(words(locale)).then(apply);
          }
          return;
        }
        const run = (this.pendingStart = () => {
          if (this.pendingStart != run) return; // restarted or removed while its code or strings were loading
          const root = this.shadowRoot!;
          const hadFocus = !!this.earlyLauncher && root.activeElement == this.earlyLauncher;
          this.removeEarlyLauncher();
          const { chat, view } = startWidget(root, config, emit, this.prepare);
          this.view = view;
          this.chat = chat;
          if (hadFocus) root.querySelector<HTMLElement>('.launcher')?.focus();
          if (this.openWhenStarted) chat.setOpen(true);
          this.openWhenStarted = false;
        });
        let started: Promise<unknown> | undefined;
        // The chat and its UI, the backend's code, the token provider when the config asks for site
        // tokens, the language's strings. (Started in a microtask even when nothing is loading: the same
        // order of events either way.) A failure is reported and takes the early launcher away.
        const start = () =>
          (started ??= Promise.all([whenWidget(), whenBackend(config), whenAuth(config), words(locale ?? navigator.language)])
            .then(run)
            .catch((err) => {
              if (this.pendingStart == run) this.removeEarlyLauncher();
              fail(err);
            }));
        this.startNow = start;
        if (config.mode == 'inline') start();
        else {
          this.earlyLauncher = showLauncher(this.shadowRoot!, config, () => {
            this.openWhenStarted = true;
            start();
          });
          whenLoadedAndIdle(start);
        }
      } catch (err) {
        report(err, emit);
      }
  }

  disconnectedCallback(): void {
    this.connectedCallback();
  }

  private removeEarlyLauncher(): void {
    this.earlyLauncher?.remove();
    this.earlyLauncher = undefined;
  }
}

/** Defines `<parley-chat>` unless the name is taken (e.g. by a second copy of Parley). */
export const defineParley = (): unknown => customElements.get('parley-chat') || customElements.define('parley-chat', ParleyElement);
