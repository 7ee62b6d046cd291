/**
 * Backend name → transport factory, for the script tag and `<parley-chat>` (npm users of
 * `createChat` pass a spec directly). Entries register what they ship: `dist/parley.js` PocketPing,
 * the npm `parley-widget/element` entry all three; a site adds its own with `registerBackend`.
 */
import { invalid, type ParleyConfig } from '../core/config';
import type { TransportFactory, TransportSpec } from '../transports/transport';

// Factories take typed options but validate them at run time (a `config` error naming the key),
// so handing them the raw options is safe.
// No prototype: `backend: "constructor"` must be unknown, not Object.
const factories: Record<string, TransportFactory> = Object.create(null);

/**
 * Makes `backend: name` available to `Parley.init` and `<parley-chat backend="name">`.
 * A site's own backend registers its factory here; registering a name again replaces it.
 * @example registerBackend('acme', (options) => ({ backend: 'acme', scope: String(options.url), create: (env) => acmeTransport(env, options) }))
 */
export function registerBackend(name: string, factory: TransportFactory | ((options: never) => TransportSpec)): void {
  factories[name] = factory as TransportFactory;
}

/** The transport spec for a parsed config; an unknown backend is a `config` error naming `backend`. */
export function resolveBackend({ backend, options }: ParleyConfig): TransportSpec {
  // (`invalid()` throws: the config error every bad key gets.)
  return (factories[backend] || invalid('backend', `one of ${Object.keys(factories).join(', ')}, not "${backend}"`))(options);
}
