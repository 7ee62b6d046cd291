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

type Rule = [expected: string, parse: (v: unknown) => unknown];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects may come as JSON text (from a `data-*` attribute). */
const json = (v: unknown): unknown => {
  try {
    return typeof v === 'string' && v.trim()[0] === '{' ? JSON.parse(v) : v;
  } catch {
    return v;
  }
};
const strings = (v: unknown) => (isObject((v = json(v))) && Object.values(v).every((x) => typeof x === 'string') ? v : undefined);
const text = (re?: RegExp) => (v: unknown) => (typeof v === 'string' && (!re || re.test(v)) ? v : undefined);
const oneOf = (...values: string[]): Rule => [values.map((x) => `"${x}"`).join(' | '), (v) => (values.includes(v as string) ? v : undefined)];
const TEXT: Rule = ['a string', text()];

/** Each common key: what it must be (for the error), and its parser (undefined = invalid). */
const RULES: Record<string, Rule> = {
  backend: ['a backend name (e.g. "pocketping")', (v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined)],
  theme: ['"light" | "dark" | "auto" or an object of strings', (v) => (['light', 'dark', 'auto'].includes(v as string) ? v : strings(v))],
  primaryColor: ['a CSS colour (#rgb, #rrggbb, rgb(), hsl() or a name)', text(COLOR)],
  position: oneOf('bottom-right', 'bottom-left'),
  mode: oneOf('floating', 'inline'),
  locale: ['a language tag like "en" or "pt-BR"', text(LOCALE)],
  strings: ['an object of strings', strings],
  title: TEXT,
  subtitle: TEXT,
  welcomeMessage: TEXT,
  placeholder: TEXT,
  zIndex: ['an integer', (v) => ((v = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? +v : v), Number.isInteger(v) ? v : undefined)],
  storage: oneOf('indexeddb', 'memory'),
  connect: oneOf('eager', 'idle', 'open'),
  // A bare attribute (`data-debug`) is "": true.
  debug: ['true or false', (v) => (typeof v === 'boolean' ? v : v === '' || v === 'true' ? true : v === 'false' ? false : undefined)],
  user: ['an object with a non-empty string "id"', (v) => ((v = json(v)), isObject(v) && typeof v.id === 'string' && v.id ? v : undefined)],
};

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

const fail = (key: string, expected: string, got: unknown): never => {
  throw new ParleyError('config', `Parley config: "${key}" must be ${expected}, got ${show(got)}`, { key });
};

/**
 * Validates the common keys (ARCHITECTURE.md §2) and fills defaults; every other key goes to
 * `options` untouched for the backend's factory. Booleans and numbers may be strings (`data-*`
 * attributes: `"true"`, `"9999"`; a bare attribute `""` means true). Objects may be JSON strings.
 * `null`/`undefined` mean "not set". Throws one `ParleyError('config')` naming the first bad key
 * and what it expects.
 */
export function parseConfig(raw: unknown): ParleyConfig {
  if (!isObject(raw)) return fail('config', 'an object', raw);
  const out: Record<string, unknown> = {
    theme: 'light',
    position: 'bottom-right',
    mode: 'floating',
    strings: {},
    zIndex: 2147483000,
    storage: 'indexeddb',
    connect: 'eager',
    debug: false,
  };
  const options: Record<string, unknown> = (out.options = {});
  for (const [key, v] of Object.entries(raw)) {
    const rule = RULES[key];
    if (!rule) options[key] = v;
    else if (v != null) out[key] = rule[1](v) ?? fail(key, rule[0], v);
  }
  if (!out.backend) fail('backend', RULES.backend![0], raw.backend);
  return out as unknown as ParleyConfig;
}
