/**
 * `dist/parley-pingstreams.js`: the Pingstreams backend for `dist/parley.js`, which fetches and runs this
 * file (from its own folder) the first time a widget uses `backend: 'pingstreams'`.
 */
import { pingstreams } from '../../transports/pingstreams/index';
import { provideBackend } from '../registry';
import { sameBuild } from '../same-build';

if (sameBuild) provideBackend('pingstreams', pingstreams);
