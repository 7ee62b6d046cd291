import type { ParleyConfig } from '../core/config';
import { ParleyError } from '../core/errors';
import type { TransportFactory, TransportSpec } from '../transports/transport';
import { builtins } from './backends';

/** Backend name → factory, for the script tag and `<parley-chat>` (npm users pass a spec directly). */
const factories: Record<string, TransportFactory> = { ...builtins };

/**
 * Makes `backend: name` available to `Parley.init` and `<parley-chat backend="name">`.
 * A site's own backend registers its factory here; registering a name again replaces it.
 * @example registerBackend('acme', (options) => ({ backend: 'acme', scope: String(options.url), create: (env) => acmeTransport(env, options) }))
 */
export function registerBackend(name: string, factory: TransportFactory): void {
  factories[name] = factory;
}

/** The transport spec for a parsed config; an unknown backend is a `config` error naming `backend`. */
export function resolveBackend(config: ParleyConfig): TransportSpec {
  const factory = factories[config.backend];
  if (!factory) {
    throw new ParleyError(
      'config',
      `Parley config: "backend" must be one of ${Object.keys(factories).join(', ')} (or registered), got "${config.backend}"`,
      { key: 'backend' },
    );
  }
  return factory(config.options);
}
