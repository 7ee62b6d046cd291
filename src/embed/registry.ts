/**
 * Backend name → transport factory, for the script tag and `<parley-chat>` (npm users of
 * `createChat` pass a spec directly). The npm `parley-widget/element` entry registers the three
 * built-in backends; `dist/parley.js` knows them by name and fetches a backend's code (its own file,
 * `dist/parley-<backend>.js`) the first time a widget uses it (`deferBackend`). A site adds its own
 * backend with `registerBackend`.
 */
import { invalid, type ParleyConfig } from '../core/config';
import type { TransportFactory, TransportSpec } from '../core/transport';
import { once } from './deferred';

// Factories take typed options but validate them at run time (a `config` error naming the key),
// so handing them the raw options is safe.
// No prototype: `backend: "constructor"` must be unknown, not Object.
const factories: Record<string, TransportFactory> = Object.create(null);
/** Backends known by name whose code comes later: name → load (resolves once the code has registered). */
const deferred: Record<string, () => Promise<unknown>> = Object.create(null);

/**
 * Makes `backend: name` available to `Parley.init` and `<parley-chat backend="name">`.
 * A site's own backend registers its factory here; registering a name again replaces it.
 * @example registerBackend('acme', (options) => ({ backend: 'acme', scope: String(options.url), create: (env) => acmeTransport(env, options) }))
 */
export function registerBackend(name: string, factory: TransportFactory | ((options: never) => TransportSpec)): void {
  factories[name] = factory as TransportFactory;
}

/**
 * Makes `backend: name` known before its code is there: `load` fetches the code, which calls
 * `registerBackend(name, …)`. It runs once, when a widget first needs the backend; a failed load
 * is tried again by the next widget that needs it.
 */
export function deferBackend(name: string, load: () => Promise<unknown>): void {
  deferred[name] = once(load);
}

/** Whether `name` has a factory (registered by the site, an npm entry, or its file fetched on demand). */
export const isRegistered = (name: string): boolean => !!factories[name];

/**
 * A backend file's registration (`dist/parley-<backend>.js`): never over a backend the site
 * registered while the file was on its way.
 */
export const provideBackend = (name: string, factory: TransportFactory | ((options: never) => TransportSpec)): unknown =>
  (factories[name] ||= factory as TransportFactory);

/** Undefined when the config's backend can be resolved now; else a promise for when it can (its code is loading). */
export const whenBackend = ({ backend }: ParleyConfig): Promise<unknown> | undefined => (factories[backend] ? undefined : deferred[backend]?.());

/**
 * Throws a `config` error naming `backend` when the config's backend is neither registered nor known
 * by name (checked before the launcher shows, so a typo is reported at once).
 */
export function checkBackend({ backend }: ParleyConfig): void {
  // (`invalid()` throws: the config error every bad key gets.)
  if (!factories[backend] && !deferred[backend]) invalid('backend', `one of ${Object.keys({ ...factories, ...deferred }).join(', ')}, not "${backend}"`);
}

/** The transport spec for a parsed config; an unknown backend is a `config` error naming `backend`. */
export function resolveBackend(config: ParleyConfig): TransportSpec {
  checkBackend(config);
  const spec = factories[config.backend]!(config.options);
  // Refused options: the script tag and the element report them and render nothing (the npm route's
  // createChat turns the same error into status `error`).
  if (spec.error) throw spec.error;
  return spec;
}
