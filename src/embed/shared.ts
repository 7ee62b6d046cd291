/**
 * `Parley._k` of `dist/parley.js`: what the files it fetches on demand (the chat, its window, backends,
 * languages) take from it instead of carrying their own copy; `dist/parley-auth.js` adds the token
 * provider when a widget needs it (./auth.ts). They are built with the modules of ./shared-modules.json
 * as externals read from this object (vite.config.ts), so it holds every name they import from those
 * modules (test/embed/shared.test.ts checks). Only what `dist/parley.js` holds anyway is shared: the
 * transport skeleton, which only a backend uses, is in each backend's file. Internal: such a file only
 * works with the `dist/parley.js` of its own build, which is the one that loads it.
 */
import { invalid, NOTIFICATIONS_DEFAULTS } from '../core/config';
import { createEmitter } from '../core/emitter';
import { isNonEmptyText, isObject, isStrings, isText } from '../core/guards';
import { ParleyError, toParleyError } from '../core/errors';
import { addDictionary, addedDictionary, canonical, languageOf, resolveLocale } from '../ui/dictionaries';
import { bytesCode, chatCode, leaseCode, viewCode } from './deferred';
import { provideBackend, resolveBackend } from './registry';

/**
 * Until `dist/parley-auth.js` has put the real one here, a config without site tokens: no token
 * provider. (parley.js fetches that file before it starts a widget whose config has `auth`/`tokenUrl`.)
 */
const noAuth = (_who: string, auth: unknown): undefined => {
  if (auth != null) throw new ParleyError('config', 'site tokens are not loaded');
};

export const shared = {
  invalid,
  NOTIFICATIONS_DEFAULTS,
  createEmitter,
  isNonEmptyText,
  isObject,
  isStrings,
  isText,
  ParleyError,
  toParleyError,
  authOption: noAuth,
  addDictionary,
  addedDictionary,
  canonical,
  languageOf,
  resolveLocale,
  bytesCode,
  chatCode,
  leaseCode,
  viewCode,
  provideBackend,
  resolveBackend,
};
