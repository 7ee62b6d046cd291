import { createChat } from '../core/chat';
import { parseRawConfig } from '../core/config';
import type { Chat, ChatEventName } from '../core/model';
import { mountWidget, type WidgetView } from '../ui/mount';
import { toConfig } from './attributes';
import { follow, report, type Emit } from './lifecycle';
import { whenAuth, whenDictionary } from './deferred';
import { resolveBackend, whenBackend } from './registry';

/** Every event of `ChatEvents`, forwarded to `sink`. */
const EVENTS = 'ready open close message sent unread status identify reset event error'.split(' ') as ChatEventName[];

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
  /** The UI of the running widget. */
  private v?: WidgetView;
  /** The config that started it, without what applies live (`false` when disconnected). */
  private k?: string | false;
  /** The start of the current config (a backend's code may still be loading): a restart replaces it. */
  private r?: () => void;
  /** The locale last set live (its strings may still be loading). */
  private l?: string;

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
    const { theme: _t, locale: _l, ...rest } = raw;
    const key = this.isConnected && JSON.stringify(rest);
    const emit = this.sink;
    const live = key == this.k && this.chat;
    if (!live) {
      if (this.chat) this.v!.unmount(), this.chat.destroy();
      this.chat = this.r = undefined;
      this.k = key;
    }
    if (key)
      try {
        const config = parseRawConfig(raw);
        const { theme, locale } = config;
        const fail = (err: unknown) => report(err, emit);
        // A language's strings may still have to be fetched: without them, English shows (and the error is reported).
        const words = (l: string) => whenDictionary(l)?.catch(fail);
        if (live) {
          const v = this.v!;
          v.setTheme(theme);
          if (locale) {
            this.l = locale;
            // The last locale asked for wins, whichever dictionary arrives first.
            const apply = () => this.v == v && this.l == locale && v.setLocale(locale);
            Promise.resolve(words(locale)).then(apply);
          }
          return;
        }
        const run = (this.r = () => {
          if (this.r != run) return; // restarted or removed while its code or strings were loading
          const chat = createChat(resolveBackend(config), config);
          EVENTS.map((name) => chat.on(name, (data: unknown) => emit(name, data)));
          this.v = mountWidget(this.shadowRoot!, chat, config);
          follow((this.chat = chat), config.connect, this.prepare);
        });
        // The backend's code, the token provider when the config asks for site tokens, the language's strings.
        // (Started in a microtask even when nothing is loading: the same order of events either way.)
        Promise.all([whenBackend(config), whenAuth(config), words(locale ?? navigator.language)]).then(run).catch(fail);
      } catch (err) {
        report(err, emit);
      }
  }

  disconnectedCallback(): void {
    this.connectedCallback();
  }
}

/** Defines `<parley-chat>` unless the name is taken (e.g. by a second copy of Parley). */
export const defineParley = (): unknown => customElements.get('parley-chat') || customElements.define('parley-chat', ParleyElement);
