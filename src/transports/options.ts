/**
 * Option validation, in the one shape every backend uses: `defineBackend(name, options, build)` reads
 * the options through an `OptionReader` and never throws. A bad option becomes a spec whose `create()`
 * throws the `config` ParleyError naming the key, so the npm route reports bad config as the script
 * route does (`createChat` turns it into status `error`, one console error and an `error` event), and
 * the page keeps working.
 */
import { invalid } from '../core/config';
import type { ParleyError } from '../core/errors';
import { isObject } from '../core/guards';
import type { Transport, TransportEnv, TransportSpec } from '../core/transport';

/** Reads a backend's raw options; every method throws a `config` ParleyError naming the key (core/config's `invalid`). */
export interface OptionReader {
  /** A non-empty string; missing or empty is an error. */
  required(key: string): string;
  /** A string; `undefined` when unset or empty. */
  text(key: string): string | undefined;
  /**
   * An absolute URL with one of `schemes` (e.g. `['http', 'https']`), as given; `undefined` when
   * unset. A path (`/pocketping`, `./chat`, `//host/x`) resolves against the page when there is one
   * (in Node without `location` it is an error); other relative text (`pocketping`, `not a url`) is an error.
   */
  url(key: string, schemes: string[]): string | undefined;
  /** A finite number, or a numeric string (`data-*` attributes give strings). */
  number(key: string): number | undefined;
  /** A plain object. */
  object<T extends object>(key: string): T | undefined;
  /** One of `values`. */
  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined;
  /** The option as it was given (for the helpers that validate it themselves: `auth`, `identityMap`). */
  raw(key: string): unknown;
  /** Throws the config error: `key` must be `expected`. */
  fail(key: string, expected: string): never;
}

/** The page's address, when there is a page (not in Node, not in a worker without one). */
const pageUrl = (): string | undefined => (globalThis as { location?: { href?: string } }).location?.href;

/** A reader over `options` (anything: a bad container is an empty one) for the backend `backendName`. */
export function readOptions(backendName: string, options: unknown): OptionReader {
  const given: Record<string, unknown> = isObject(options) ? options : {};
  const fail = (key: string, expected: string): never => invalid(key, expected, backendName);
  /** `undefined` for unset and empty, else the value. */
  const value = (key: string): unknown => (given[key] === '' || given[key] == null ? undefined : given[key]);
  const text = (key: string): string | undefined => {
    const found = value(key);
    if (found !== undefined && typeof found != 'string') fail(key, 'a string');
    return found as string | undefined;
  };
  return {
    fail,
    raw: (key) => given[key],
    text,
    required(key) {
      return text(key) ?? fail(key, 'a string');
    },
    url(key, schemes) {
      const found = text(key);
      if (found === undefined) return undefined;
      const relative = /^\.{0,2}\//.test(found);
      const expected = `an absolute ${schemes.join(' or ')} URL` + (pageUrl() ? ' or a path starting with /' : '');
      // Relative only as a path (`/pocketping`, `./chat`), never a word or text with spaces.
      if (/\s/.test(found) || (!relative && !/^[a-z][\w+.-]*:/i.test(found))) fail(key, expected);
      let parsed: URL;
      try {
        parsed = new URL(found, pageUrl());
      } catch {
        return fail(key, expected);
      }
      // A path on an http(s) page gives an http(s) URL: a ws(s) option takes that host's ws(s) URL.
      if (relative && schemes.includes('ws')) parsed.protocol = parsed.protocol.replace('http', 'ws');
      if (!schemes.includes(parsed.protocol.slice(0, -1)) || !parsed.host) fail(key, expected);
      return relative ? parsed.href : found;
    },
    number(key) {
      const found = value(key);
      const number = typeof found == 'string' && found.trim() ? Number(found) : found;
      if (found !== undefined && !(typeof number == 'number' && Number.isFinite(number))) fail(key, 'a number');
      return number as number | undefined;
    },
    object<T extends object>(key: string) {
      const found = value(key);
      if (found !== undefined && !isObject(found)) fail(key, 'an object');
      return found as T | undefined;
    },
    oneOf<T extends string>(key: string, values: readonly T[]) {
      const found = value(key);
      if (found !== undefined && !values.includes(found as T)) fail(key, values.map((allowed) => `'${allowed}'`).join(' or '));
      return found as T | undefined;
    },
  };
}

/**
 * A backend factory's result: `readSettings` validates the options (throwing a `config` error for
 * a bad one) into the backend's settings, which say the cache `scope` and are handed to
 * `createTransport`. A thrown error is kept for `create()`, so the factory itself never throws.
 */
export function defineBackend<Settings extends { scope: string }>(
  backendName: string,
  options: unknown,
  readSettings: (read: OptionReader) => Settings,
  createTransport: (settings: Settings, env: TransportEnv) => Transport,
): TransportSpec {
  try {
    const settings = readSettings(readOptions(backendName, options));
    return { backend: backendName, scope: settings.scope, create: (env) => createTransport(settings, env) };
  } catch (error) {
    return {
      backend: backendName,
      scope: '',
      error: error as ParleyError,
      create() {
        throw error;
      },
    };
  }
}
