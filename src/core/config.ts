/**
 * Parley's configuration: the common keys (validated here) plus the backend's own options
 * (validated by the backend's transport factory). Contract: ARCHITECTURE.md §2.
 */
import { ParleyError } from './errors';
import type { Identity } from './types';

export type ThemeName = 'light' | 'dark' | 'auto';
/** `--parley-*` token overrides, e.g. `{ 'radius': '8px', 'font': 'Inter, sans-serif' }` (without the prefix). */
export type ThemeTokens = Record<string, string>;

export interface ParleyConfig {
  /** Backend name: `pocketping`, `genesys`, `pingstreams`, or a registered custom one. */
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
  /** Everything else: the backend's own options, untouched. */
  options: Record<string, unknown>;
}

// Hex, rgb()/hsl() (no `;`, `{` or nested parens: the value ends up in CSS) or a colour name.
const COLOR = /^(#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})|(rgb|hsl)a?\([\w\s.,%+/-]*\)|[a-z]+)$/i;
const LOCALE = /^[a-z]{2,3}(-[a-z\d]{2,8})*$/i;

/** What a key must be (for the error), its parser (`undefined` = invalid) and its default. */
type Rule = [expected: string, parse: (v: unknown) => unknown, fallback?: unknown];

/** A plain object (not null, not an array): config records, wire frames. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const text = (re?: RegExp) => (v: unknown) => (typeof v === 'string' && (!re || re.test(v)) ? v : undefined);
/** One of `values`; the first is the default. */
const oneOf = (...values: string[]): Rule => [values.map((x) => `"${x}"`).join(' | '), (v) => (values.includes(v as string) ? v : undefined), values[0]];
const TEXT: Rule = ['a string', text()];
/** Numbers may come as numeric strings (`data-*` attributes). */
const num = (v: unknown) => (typeof v === 'string' && v.trim() ? +v : v);
/** A plain object whose values are all strings (`strings`; backends' header maps). */
export const isStrings = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((x) => typeof x === 'string');
const STRINGS: Rule = ['an object of strings', (v) => (isStrings(v) ? v : undefined), {}];
const THEME = oneOf('light', 'dark', 'auto');

/** Each common key (ARCHITECTURE.md §2). */
const RULES: Record<string, Rule> = {
  backend: ['a backend name', (v) => (typeof v === 'string' && v.trim()) || undefined],
  theme: [`${THEME[0]} or ${STRINGS[0]}`, (v) => THEME[1](v) ?? STRINGS[1](v), THEME[2]],
  primaryColor: ['a CSS colour', text(COLOR)],
  position: oneOf('bottom-right', 'bottom-left'),
  mode: oneOf('floating', 'inline'),
  locale: ['a language tag like "pt-BR"', text(LOCALE)],
  strings: STRINGS,
  title: TEXT,
  subtitle: TEXT,
  welcomeMessage: TEXT,
  placeholder: TEXT,
  zIndex: ['an integer', (v) => ((v = num(v)), Number.isInteger(v) ? v : undefined), 2147483000],
  // Polling is the core's (every backend's fallback), so its pace is a common key.
  pollInterval: ['a number of milliseconds', (v) => ((v = num(v)), (v as number) > 0 ? v : undefined), 3000],
  storage: oneOf('indexeddb', 'memory'),
  connect: oneOf('eager', 'idle', 'open'),
  // A bare attribute (`data-debug`) is "": true.
  debug: ['true or false', (v) => (typeof v === 'boolean' ? v : v === '' || undefined), false],
  user: ['an object with a string "id"', (v) => (isObject(v) && TEXT[1](v.id) ? v : undefined)],
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
 * `options` untouched for the backend's factory. `zIndex` may be a numeric string and `debug` an
 * empty one (a bare `data-debug` attribute): `data-*` attributes reach this function through
 * `toConfig()` (src/embed/attributes.ts), which already turns `true`/`false` and JSON text into
 * values. `null`/`undefined` mean "not set". Throws one `ParleyError('config')` naming the first
 * bad key and what it expects.
 */
export function parseConfig(raw: unknown): ParleyConfig {
  if (!isObject(raw)) fail('config', 'an object', raw);
  const options: Record<string, unknown> = { ...(raw as object) };
  const out: Record<string, unknown> = { options };
  for (const [key, [expected, parse, fallback]] of Object.entries(RULES)) {
    const v = options[key];
    delete options[key];
    out[key] = v == null ? fallback : (parse(v) ?? fail(key, expected, v));
  }
  return out.backend ? (out as unknown as ParleyConfig) : fail('backend', RULES.backend![0], undefined);
}
