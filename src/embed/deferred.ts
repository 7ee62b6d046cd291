/**
 * What `dist/parley.js` fetches when a widget first needs it: the backend files (registry.ts) and the
 * dictionaries of languages other than English (here).
 */
import { hasDictionary, resolveLocale } from '../ui/i18n';

/** `load`, run once when first wanted; after a failure, run again the next time. */
export function once(load: () => Promise<unknown>): () => Promise<unknown> {
  let loading: Promise<unknown> | undefined;
  return () =>
    (loading ??= load().catch((e) => {
      loading = undefined;
      throw e;
    }));
}

const dictionaries: Record<string, () => Promise<unknown>> = Object.create(null);

/** The dictionary of `lang` comes from `load` (which calls `addDictionary`) when a widget first speaks it. */
export const deferDictionary = (lang: string, load: () => Promise<unknown>): unknown => (dictionaries[lang] = once(load));

/** Undefined when the strings for `locale` are at hand (or none ship for it); else a promise for when they are. */
export function whenDictionary(locale: string): Promise<unknown> | undefined {
  const lang = resolveLocale(locale);
  return hasDictionary(lang) ? undefined : dictionaries[lang]?.();
}
