/**
 * For the files `dist/parley.js` fetches on demand: whether the page's Parley is this very build. A
 * file of another Parley version (a stale cache, a half-updated CDN) brings nothing, and parley.js
 * reports its load as failed. (Bundled into each of those files: it is their own version that counts.)
 */
import type { ParleyApi } from './api';

export const parley = (window as unknown as { Parley: ParleyApi }).Parley;
export const sameBuild = parley.version == __PARLEY_VERSION__;
