/**
 * The built-in backends of the script-tag build and of `parley-widget/element`.
 * Adding a backend is one line here.
 */
import { genesys } from '../transports/genesys/index';
import { pingstreams } from '../transports/pingstreams/index';
import { pocketping } from '../transports/pocketping/index';
import type { TransportFactory, TransportSpec } from '../transports/transport';

// Factories take typed options but validate them at run time (a `config` error naming the key),
// so handing them the raw config is safe.
const raw = <T>(factory: (options: T) => TransportSpec) => factory as unknown as TransportFactory;

export const builtins: Record<string, TransportFactory> = {
  pocketping: raw(pocketping),
  genesys: raw(genesys),
  pingstreams: raw(pingstreams),
};
