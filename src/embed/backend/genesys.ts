/**
 * `dist/parley-genesys.js`: the Genesys Cloud guest chat backend for `dist/parley.js`, which fetches and runs this
 * file (from its own folder) the first time a widget uses `backend: 'genesys'`.
 */
import { genesys } from '../../transports/genesys/index';
import { provideBackend } from '../registry';
import { sameBuild } from '../same-build';

if (sameBuild) provideBackend('genesys', genesys);
