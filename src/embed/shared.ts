/**
 * `Parley._k` of `dist/parley.js`: the exports of the modules listed in ./shared-modules.json, for the
 * backend and language files built against them (see vite.config.ts; test/embed/shared.test.ts checks
 * that the two lists agree). Internal: such a file only works with the `dist/parley.js` of its own
 * build, which is the one that loads it.
 */
import * as config from '../core/config';
import * as emitter from '../core/emitter';
import * as errors from '../core/errors';
import * as backoff from '../core/backoff';
import * as http from '../transports/http';
import * as kit from '../transports/kit';
import * as socket from '../transports/socket';
import * as transport from '../transports/transport';
import * as tokenProvider from '../auth/token-provider';
import * as i18n from '../ui/i18n';

// A backend file reads every shared module from this one object: no two may export the same name.
export const shared = { ...config, ...emitter, ...errors, ...backoff, ...http, ...kit, ...socket, ...transport, ...tokenProvider, ...i18n };
