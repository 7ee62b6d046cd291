import { parseConfig, type ParleyConfig } from '../core/config';
import type { Chat, ChatEventName } from '../core/model';
import { attributesOf } from './attributes';
import { report, startInstance, type Instance } from './instance';

type Live = { theme?: ParleyConfig['theme']; locale?: string };

/** The config split in what needs a restart and what applies live, each as a comparable string. */
const split = ({ theme, locale, ...other }: Record<string, unknown>) => [JSON.stringify(other), JSON.stringify(theme), JSON.stringify(locale)];

/**
 * `<parley-chat>`: the widget as a custom element, rendered into an open shadow root.
 *
 * Attributes are config keys in kebab-case (`backend`, `endpoint`, `organization-id`, `primary-color`,
 * `mode="inline"`, …). `theme` and `locale` apply at run time; any other change restarts the widget
 * (the cached history makes that instant). The `config` property takes the same keys as an object
 * and wins over attributes.
 *
 * @event parley-<name> every host event (`parley-message`, `parley-status`, …), `detail` = its data; bubbles.
 * @cssproperty --parley-* theme tokens.
 */
export class ParleyElement extends HTMLElement {
  /** Config given by script (merged over the attributes); set it before the element is connected. */
  config?: Record<string, unknown>;
  /** Also receives every event (used by the host API). */
  sink?: (name: ChatEventName, data?: unknown) => void;
  /** Runs at each start, before connecting (used by the host API for calls made before init). */
  prepare?: (chat: Chat) => unknown;
  private i?: Instance;
  /** Theme and locale set at run time, kept across restarts. */
  private live: Live = {};
  private seen: string[] = [];
  private mo = new MutationObserver(() => this.sync());

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  /** The chat model of the running widget (undefined before start or after a config error). */
  get chat(): Chat | undefined {
    return this.i?.chat;
  }

  /** `'light' | 'dark' | 'auto'` or `--parley-*` tokens; a bad value is reported and changes nothing. */
  setTheme(theme: ParleyConfig['theme']): void {
    this.apply({ theme });
  }

  setLocale(locale: string): void {
    this.apply({ locale });
  }

  connectedCallback(): void {
    this.mo.observe(this, { attributes: true });
    this.restart();
  }

  disconnectedCallback(): void {
    this.mo.disconnect();
    this.restart();
  }

  /** Stops, then starts again with the current attributes and `config` when connected. */
  restart(): void {
    this.i?.destroy();
    this.i = undefined;
    if (!this.isConnected) return;
    const raw = this.raw();
    this.seen = split(raw);
    this.i = startInstance(this.shadowRoot!, { ...raw, ...this.live }, this.emit, this.prepare);
  }

  private emit = (name: ChatEventName, data?: unknown): void => {
    this.sink?.(name, data);
    this.dispatchEvent(new CustomEvent('parley-' + name, { detail: data, bubbles: true }));
  };

  private raw(): Record<string, unknown> {
    return { ...attributesOf(this), ...this.config };
  }

  private sync(): void {
    const raw = this.raw();
    const now = split(raw);
    const [other, theme, locale] = this.seen;
    if (now[0] !== other || !this.i) return this.restart();
    this.seen = now;
    if (now[1] !== theme) this.apply({ theme: raw.theme as Live['theme'] });
    if (now[2] !== locale) this.apply({ locale: raw.locale as string });
  }

  /** Theme or locale at run time, validated like at start. */
  private apply(change: Live): void {
    try {
      const c = parseConfig({ backend: '-', ...change });
      Object.assign(this.live, change);
      if ('theme' in change) this.i?.setTheme(c.theme);
      if (c.locale) this.i?.setLocale(c.locale);
    } catch (err) {
      report(err, this.emit);
    }
  }
}
