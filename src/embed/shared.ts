/**
 * `Parley._k` of `dist/parley.js`: what the files it fetches on demand (backends, languages) take from
 * it instead of carrying their own copy. They are built with the modules of ./shared-modules.json as
 * externals read from this object (vite.config.ts), so it holds every name they import from those
 * modules (test/embed/shared.test.ts checks). Internal: such a file only works with the
 * `dist/parley.js` of its own build, which is the one that loads it.
 */
import { invalid, isObject, isStrings } from '../core/config';
import { createEmitter } from '../core/emitter';
import { ParleyError } from '../core/errors';
import { parseFrame, requestJson } from '../transports/http';
import { bad, fault, isId, isTime, q, rating } from '../transports/kit';
import { openSocket } from '../transports/socket';
import { caps } from '../transports/transport';
import { authOption, createTokenProvider } from '../auth/token-provider';
import { addDictionary } from '../ui/i18n';

export const shared = {
  invalid,
  isObject,
  isStrings,
  createEmitter,
  ParleyError,
  parseFrame,
  requestJson,
  bad,
  fault,
  isId,
  isTime,
  q,
  rating,
  openSocket,
  caps,
  authOption,
  createTokenProvider,
  addDictionary,
};
