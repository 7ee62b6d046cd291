/**
 * `Parley._k` of `dist/parley.js`: what the files it fetches on demand (backends, languages) take from
 * it instead of carrying their own copy; `dist/parley-auth.js` adds the token provider when a widget
 * needs it (./auth.ts). They are built with the modules of ./shared-modules.json as
 * externals read from this object (vite.config.ts), so it holds every name they import from those
 * modules (test/embed/shared.test.ts checks). Internal: such a file only works with the
 * `dist/parley.js` of its own build, which is the one that loads it.
 */
import { invalid } from '../core/config';
import { isObject, isStrings } from '../core/guards';
import { ParleyError } from '../core/errors';
import { asRecord, fault, isId, isText, isTime, optional, rating } from '../transports/kit';
import { createLink } from '../transports/link';
import { defineBackend } from '../transports/options';
import { addDictionary } from '../ui/i18n';
import { provideBackend } from './registry';

/**
 * Until `dist/parley-auth.js` has put the real one here, a config without site tokens: no token
 * provider. (parley.js fetches that file before it starts a widget whose config has `auth`/`tokenUrl`.)
 */
const noAuth = (_who: string, auth: unknown): undefined => {
  if (auth != null) throw new ParleyError('config', 'site tokens are not loaded');
};

export const shared = {
  invalid,
  isObject,
  isStrings,
  ParleyError,
  asRecord,
  fault,
  isId,
  isText,
  isTime,
  optional,
  rating,
  createLink,
  defineBackend,
  authOption: noAuth,
  addDictionary,
  provideBackend,
};
