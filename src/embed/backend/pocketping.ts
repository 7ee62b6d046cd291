/**
 * `dist/parley-pocketping.js`: the PocketPing backend for `dist/parley.js`, which fetches and runs this
 * file (from its own folder) the first time a widget uses `backend: 'pocketping'`.
 */
import { pocketping } from '../../transports/pocketping/index';
import { provideBackend } from '../registry';
import { sameBuild } from '../same-build';

if (sameBuild) provideBackend('pocketping', pocketping);
