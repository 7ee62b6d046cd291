/**
 * `dist/parley-genesys-messaging.js`: the Genesys Cloud Web Messaging backend for `dist/parley.js`, which fetches and
 * runs this file (from its own folder) the first time a widget uses `backend: 'genesys-messaging'`.
 */
import { genesysMessaging } from '../../transports/genesys-messaging/index';
import { provideBackend } from '../registry';
import { sameBuild } from '../same-build';

if (sameBuild) provideBackend('genesys-messaging', genesysMessaging);
