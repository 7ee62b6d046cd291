/**
 * Parley's configuration: the common keys (validated here) plus the backend's own options
 * (validated by the backend's transport factory). Contract: ARCHITECTURE.md §2.
 */
import { ParleyError } from './errors';
import { isObject, isStrings, isText } from './guards';
import { readPreChat, type PreChatConfig } from './pre-chat';
import type { Identity } from './types';


export type ThemeName = 'light' | 'dark' | 'auto';
/** `--parley-*` token overrides, e.g. `{ 'radius': '8px', 'font': 'Inter, sans-serif' }` (without the prefix). */
export type ThemeTokens = Record<string, string>;

/** How the visitor hears of replies while looking elsewhere (src/ui/notify/). */
export interface NotificationsConfig {
  /** "(2) " before the page title while the page is hidden and replies are unread (default on). */
  title?: boolean;
  /** A short tone for a reply, once the visitor has interacted with the page (default off). */
  sound?: boolean;
  /** Desktop notifications while the page is hidden, after the visitor allows them from the window (default off). */
  desktop?: boolean;
}

/** The notifications config as parsed: every switch set. */
export const NOTIFICATIONS_DEFAULTS: Required<NotificationsConfig> = { title: true, sound: false, desktop: false };

export interface ParleyConfig {
  /** Backend name: `pocketping`, `genesys`, `pingstreams`, `genesys-messaging`, or a registered custom one. */
  backend: string;
  theme: ThemeName | ThemeTokens;
  primaryColor?: string;
  position: 'bottom-right' | 'bottom-left';
  mode: 'floating' | 'inline';
  locale?: string;
  strings: Record<string, string>;
  title?: string;
  subtitle?: string;
  welcomeMessage?: string;
  placeholder?: string;
  zIndex: number;
  storage: 'indexeddb' | 'memory';
  /** How often the core asks the backend for news while its realtime link is unavailable, ms (default 3000). */
  pollInterval: number;
  /** When to connect: at once, when the browser is idle, or when the window is first opened. */
  connect: 'eager' | 'idle' | 'open';
  debug: boolean;
  /** Identity given in the config (same as calling `identify()`). */
  user?: Identity;
  notifications: Required<NotificationsConfig>;
  /** A form asked before the chat (always, or only while no operator is online): ./pre-chat.ts. */
  preChat?: PreChatConfig;
  /** Everything else: the backend's own options, untouched. */
  options: Record<string, unknown>;
}

/** The common keys as a host writes them: all optional (defaults: see {@link parseConfig}). */
export type CommonOptions = Partial<Omit<ParleyConfig, 'backend' | 'options' | 'notifications'>> & { notifications?: NotificationsConfig };

/**
 * What a host passes to {@link parseConfig} (and `Parley.init`): `backend`, the common keys typed
 * (so `mode: 'bogus'` does not compile), and the backend's own options (`endpoint`, ...), which the
 * backend's factory validates.
 */
export interface ParleyOptions extends CommonOptions {
  backend: string;
  [backendOption: string]: unknown;
}

// Hex, rgb()/hsl() (no `;`, `{` or nested parens: the value ends up in CSS) or a colour name.
const COLOR = /^(#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})|(rgb|hsl)a?\([\w\s.,%+/-]*\)|[a-z]+)$/i;
const LOCALE = /^[a-z]{2,3}(-[a-z\d]{2,8})*$/i;

/** What a key must be (for the error), whether a value is that, and the key's default. */
type Rule = [expected: string, ok: (v: any) => unknown, fallback?: unknown];

const match = (re: RegExp) => (v: unknown) => isText(v) && re.test(v);
/** One of `values`; the first is the default. */
const oneOf = (...values: string[]): Rule => [values.map((x) => `"${x}"`).join(' | '), (v) => values.includes(v), values[0]];
const TEXT: Rule = ['a string', isText];
const STRINGS: Rule = ['an object of strings', isStrings, {}];
const THEME = oneOf('light', 'dark', 'auto');

/**
 * Each common key (ARCHITECTURE.md §2). `undefined`/`null` take the default (`backend` has none: it
 * is required); a number may come as a numeric string and `true` as "" (see parseConfig).
 */
const RULES: Record<string, Rule> = {
  backend: ['a backend name', (v) => isText(v) && v.trim()],
  theme: [`${THEME[0]} or ${STRINGS[0]}`, (v) => THEME[1](v) || isStrings(v), THEME[2]],
  primaryColor: ['a CSS colour', match(COLOR)],
  position: oneOf('bottom-right', 'bottom-left'),
  mode: oneOf('floating', 'inline'),
  locale: ['a language tag like "pt-BR"', match(LOCALE)],
  strings: STRINGS,
  title: TEXT,
  subtitle: TEXT,
  welcomeMessage: TEXT,
  placeholder: TEXT,
  zIndex: ['an integer', Number.isInteger, 2147483000],
  // Polling is the core's (every backend's fallback), so its pace is a common key.
  pollInterval: ['a number of milliseconds', (v) => Number.isFinite(v) && v > 0, 3000],
  storage: oneOf('indexeddb', 'memory'),
  connect: oneOf('eager', 'idle', 'open'),
  debug: ['true or false', (v) => typeof v == 'boolean', false],
  user: ['an object with a string "id"', (v) => isObject(v) && isText(v.id) && v.id],
  notifications: [
    'an object of true/false switches "title", "sound", "desktop" (like {"sound":true})',
    (value) => isObject(value) && Object.entries(value).every(([name, on]) => name in NOTIFICATIONS_DEFAULTS && typeof on === 'boolean'),
    {},
  ],
};

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

/**
 * Throws the one config error of Parley and of every backend factory: `<who>: "<key>" must be
 * <expected>`, code `config`, `key` set. Backends pass their name as `who` (and leave the bad
 * value out: their options may hold tokens or passwords).
 */
export const invalid = (key: string, expected: string, who = 'Parley config'): never => {
  throw new ParleyError('config', `${who}: "${key}" must be ${expected}`, { key });
};

/** A common key's error also shows the value it got (nothing secret among them). */
const fail = (key: string, expected: string, got: unknown): never => invalid(key, `${expected}, got ${show(got)}`);

/**
 * Validates the common keys (ARCHITECTURE.md §2) and fills defaults; every other key goes to
 * `options` untouched for the backend's factory. The types catch most mistakes at compile time; the
 * values are still checked at run time (JavaScript callers, values built at run time). Throws one
 * `ParleyError('config')` naming the first bad key and what it expects.
 */
export function parseConfig(options: ParleyOptions): ParleyConfig {
  return parseRawConfig(options);
}

/**
 * {@link parseConfig} for input of unknown shape: the script tag's `data-*` attributes, `Parley.init`
 * from plain JavaScript. Numbers (`zIndex`, `pollInterval`) may be numeric strings and `debug` an
 * empty one (a bare `data-debug` attribute): `data-*` attributes reach this function through
 * `toConfig()` (src/embed/attributes.ts), which already turns `true`/`false` and JSON text into
 * values. `null`/`undefined` mean "not set".
 */
export function parseRawConfig(raw: unknown): ParleyConfig {
  if (!isObject(raw)) fail('config', 'an object', raw);
  const options: Record<string, unknown> = { ...(raw as object) };
  const config: Record<string, unknown> = { options };
  for (const [key, [expected, isValid, fallback]] of Object.entries(RULES)) {
    const given = options[key];
    delete options[key];
    const value = fromAttributeText(given, fallback);
    if (given == null && key !== 'backend') config[key] = fallback;
    else if (!isValid(value)) fail(key, expected, given);
    else config[key] = key === 'backend' ? (value as string).trim() : value;
  }
  config.notifications = { ...NOTIFICATIONS_DEFAULTS, ...(config.notifications as NotificationsConfig) };
  config.preChat = readPreChat(options.preChat);
  delete options.preChat;
  return config as unknown as ParleyConfig;
}

/** From `data-*` attributes: a number as a numeric string, a bare boolean attribute as "" (true). */
function fromAttributeText(given: unknown, fallback: unknown): unknown {
  if (isText(given) && typeof fallback === 'number' && given.trim()) return Number(given);
  if (given === '' && fallback === false) return true;
  return given;
}
