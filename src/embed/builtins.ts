/** The built-in backends (src/embed/on-demand.json lists them), for the npm `parley-widget/element` entry (`dist/parley.js` fetches each from its own file on first use). */
import { genesys } from '../transports/genesys/index';
import { genesysMessaging } from '../transports/genesys-messaging/index';
import { pingstreams } from '../transports/pingstreams/index';
import { pocketping } from '../transports/pocketping/index';
import { registerBackend } from './registry';

export function registerBuiltins(): void {
  registerBackend('pocketping', pocketping);
  registerBackend('genesys', genesys);
  registerBackend('pingstreams', pingstreams);
  registerBackend('genesys-messaging', genesysMessaging);
}
