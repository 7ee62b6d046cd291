import { parseRawConfig, type ParleyConfig } from '../core/config';
import type { Chat } from '../core/model';
import type { Message } from '../core/types';
import type { WidgetView } from '../ui/mount';
import { toConfig } from './attributes';
import { report, type Emit } from './lifecycle';
import { chatCode, viewCode, whenAuth, whenDictionary, whenLease } from './deferred';
import { whenLoadedAndIdle } from './idle';
import { nameLauncher, showLauncher } from './launcher';
import { resolveLocale } from '../ui/dictionaries';
import { applyTheme, refuseToken, type ThemeState } from '../ui/theme';
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
 * Floating, the launcher shows at once. The chat (in `dist/parley.js`: its own file, with the
 * backend's and the language's) starts when the browser is idle after the page's `load`, or at once
 * when the visitor clicks the launcher or the host calls for the chat (`startNow`). The window (its
 * own file too) comes when first needed: the visitor opens it (pointing at the launcher or focusing
 * it fetches it ahead), the host opens it, or a message is unread; until then the launcher shown is
 * the plain one. Inline, everything at once.
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
  /**
   * Starts the chat now rather than when the browser is idle (nothing once started, or without
   * config); `withWindow`: the window will be wanted at once (the host opens it), so its code is
   * fetched together with the chat's.
   */
  startNow: (withWindow?: boolean) => void = () => {};
  /** The window of the running widget, once mounted. */
  private view?: WidgetView;
  /** The config that started it, without what applies live (`false` when disconnected). */
  private startedWith?: string | false;
  /** The config the window mounts with: the started one, with the theme and locale set live since. */
  private current?: ParleyConfig;
  /** The start of the current config (its code may still be loading): a restart replaces it. */
  private pendingStart?: () => void;
  /** The launcher shown until the window is mounted. */
  private earlyLauncher?: HTMLElement | undefined;
  /** The visitor clicked the early launcher: the window opens once mounted (kept across a restart meanwhile). */
  private openWhenShown = false;
  /** The theme checked token by token (refused ones reported at once, left out), with the changes set live since. */
  private theme: ThemeState = {};
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
    const live = key == this.startedWith && this.current;
    if (!live) {
      this.view?.unmount();
      this.chat?.destroy();
      this.removeEarlyLauncher();
      this.chat = this.view = this.current = this.pendingStart = undefined;
      this.startNow = () => {};
      this.startedWith = key;
      if (!key) this.openWhenShown = false;
    }
    if (key)
      try {
        const config = parseRawConfig(raw);
        checkBackend(config);
        const { theme, locale } = config;
        const fail = (err: unknown) => report(err, emit);
        // A language's strings may still have to be fetched: without them, English shows (and the error is reported).
        const words = (wanted: string) => whenDictionary(wanted)?.catch(fail);
        // A refused token is one named error now, whether or not the window is there yet.
        const checkedTheme = (this.theme = applyTheme(live ? this.theme : {}, theme, refuseToken));
        if (live) {
          this.current = { ...this.current!, theme: checkedTheme, locale };
          const view = this.view;
          view?.setTheme(checkedTheme);
          if (locale) {
            this.liveLocale = locale;
            // The last locale asked for wins, whichever dictionary arrives first. (No window yet: it
            // mounts in `this.current`'s locale; the early launcher is renamed.)
            const apply = () => {
              if (this.liveLocale != locale) return;
              if (!view) this.renameEarlyLauncher();
              else if (this.view == view) view.setLocale(locale);
            };
            Promise.resolve(words(locale)).then(apply);
          }
          return;
        }
        this.current = { ...config, theme: checkedTheme };
        const root = this.shadowRoot!;
        /** Mounts the window for `chat` (its code may still be loading), once; opens it if the visitor asked. */
        let shown: Promise<unknown> | undefined;
        /** The window is wanted because it opened (the host's `open()`): focus moves into it as on any open. */
        let openedMeanwhile = false;
        /** Live messages that come before the window is mounted: it announces and notifies them then. */
        const arrivedBefore: Message[] = [];
        const showWindow = (chat: Chat, renderAhead?: boolean) =>
          (shown ??= Promise.resolve(viewCode.when())
            .then(() => {
              if (this.chat != chat) return; // restarted or removed while the window's code was loading
              const hadFocus = !!this.earlyLauncher && root.activeElement == this.earlyLauncher;
              this.removeEarlyLauncher();
              const controls = { focusOnOpen: this.openWhenShown || openedMeanwhile, arrivedBefore, renderAhead };
              this.view = viewCode.get()(root, chat, this.current!, controls);
              if (hadFocus) root.querySelector<HTMLElement>('.launcher')?.focus();
              if (this.openWhenShown) chat.setOpen(true);
              this.openWhenShown = false;
            })
            .catch((err) => {
              shown = undefined; // the next reason to show it tries again
              fail(err);
            }));
        const run = (this.pendingStart = () => {
          if (this.pendingStart != run) return; // restarted or removed while its code or strings were loading
          const chat = (this.chat = chatCode.get()(config, emit, this.prepare));
          this.renameEarlyLauncher(); // its language's strings have come with the chat
          // Open already: the host's `open()`, made before the chat existed (focus moves in, as on any open).
          openedMeanwhile = chat.isOpen.peek();
          const show = () => void showWindow(chat);
          chat.on('message', (message) => {
            if (!this.view) arrivedBefore.push(message);
          });
          chat.on('open', () => {
            openedMeanwhile = !this.view;
            show();
          });
          chat.on('unread', (count) => {
            if (count > 0) show();
          });
          if (config.mode == 'inline' || this.openWhenShown || chat.isOpen.peek() || chat.unread.peek()) show();
        });
        let started: Promise<unknown> | undefined;
        // The chat, the backend's code, the token provider when the config asks for site tokens, the
        // language's strings, the tab election of a browser without Web Locks. (Started in a microtask
        // even when nothing is loading: the same order of events either way.) A failure is reported and
        // takes the early launcher away.
        const start = () =>
          (started ??= Promise.all([chatCode.when(), whenBackend(config), whenAuth(config), words(locale ?? navigator.language), whenLease()])
            .then(run)
            .catch((err) => {
              if (this.pendingStart == run) this.removeEarlyLauncher();
              fail(err);
            }));
        // The chat and, fetched at the same time, the window's code (parley.js runs its files in the
        // order it asked for them, so the window's runs after the chat's, which it needs). A failure to
        // fetch the window is reported when it is shown.
        const startWithWindow = () => {
          const starting = start();
          void viewCode.when()?.catch(() => {});
          return starting;
        };
        this.startNow = (withWindow) => void (withWindow ? startWithWindow() : start());
        if (config.mode == 'inline') startWithWindow();
        else {
          const launcher = (this.earlyLauncher = showLauncher(root, config, () => {
            this.openWhenShown = true;
            void startWithWindow().then(() => this.chat && showWindow(this.chat));
          }));
          /** A press on the early launcher is under way: its click opens the window (swapped in under the press, the launcher would lose that click). */
          let pressed = false;
          launcher.onpointerdown = () => (pressed = true);
          // The visitor is about to open it: the chat's and the window's code are fetched ahead, and the
          // window is rendered (closed) once they are here, so that the click only shows it.
          const prepare = () =>
            startWithWindow()
              .then(() => viewCode.when())
              .then(() => this.chat && !pressed && this.earlyLauncher == launcher && showWindow(this.chat, true))
              .catch(() => {}); // reported when the window is wanted
          for (const intent of ['pointerenter', 'focus', 'touchstart']) launcher.addEventListener(intent, prepare, { once: true, passive: true });
          whenLoadedAndIdle(start);
        }
      } catch (err) {
        report(err, emit);
      }
  }

  disconnectedCallback(): void {
    this.connectedCallback();
  }

  private renameEarlyLauncher(): void {
    // Once the chat runs, the locale is resolved fully (legacy and regional tags: `iw` is Hebrew).
    if (this.earlyLauncher) nameLauncher(this.earlyLauncher, resolveLocale(this.current?.locale ?? navigator.language));
  }

  private removeEarlyLauncher(): void {
    this.earlyLauncher?.remove();
    this.earlyLauncher = undefined;
  }
}

/** Defines `<parley-chat>` unless the name is taken (e.g. by a second copy of Parley). */
export const defineParley = (): unknown => customElements.get('parley-chat') || customElements.define('parley-chat', ParleyElement);
