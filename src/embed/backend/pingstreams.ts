/**
 * `dist/parley-pingstreams.js`: the Pingstreams backend for `dist/parley.js`, which fetches and runs this
 * file (from its own folder) the first time a widget uses `backend: 'pingstreams'`.
 */
import { pingstreams } from '../../transports/pingstreams/index';
import type { ParleyApi } from '../api';

(window as unknown as { Parley: ParleyApi }).Parley.registerBackend('pingstreams', pingstreams);
