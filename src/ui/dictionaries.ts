/**
 * The languages Parley has strings for, and the dictionaries at hand. Kept apart from the strings
 * and formatters (./i18n.ts) so that `dist/parley.js` carries only this: which language a page gets,
 * whether its file has come, and the launcher's name. The English dictionary comes with the window
 * (`dist/parley-ui.js`), which is the only place that shows more than the launcher's name.
 */
import type { AnyStrings } from './locales/en';
import { ENGLISH_LAUNCHER_NAME } from './launcher-name';
import onDemand from '../embed/on-demand.json';

/**
 * Languages Parley has strings for: English and those `dist/parley.js` fetches on demand
 * (src/embed/on-demand.json, the one list of them). Their dictionaries may not be loaded yet: see `addDictionary`.
 */
export const languages = ['en', ...onDemand.locales];

/**
 * The dictionaries at hand besides English (built into the window and the npm entries): the npm
 * entries add the others when they start (./locales/all.ts), `dist/parley.js` fetches the one a page
 * needs (`parley-locale-<lang>.js`), so a page downloads one language besides English.
 */
const added: Record<string, AnyStrings> = Object.create(null);

/** Makes a language's strings available. */
export function addDictionary(lang: string, strings: AnyStrings): void {
  added[lang] = strings;
}

/** Whether the dictionary for `lang` is at hand (English always is). */
export const hasDictionary = (lang: string): boolean => lang == 'en' || lang in added;

/** The dictionary of `lang` when it has been added (English is not: see ./i18n.ts's `dictionary`). */
export const addedDictionary = (lang: string): AnyStrings | undefined => added[lang];

/** The launcher's accessible name in `lang` when its strings are at hand, else in English. */
export const launcherName = (lang: string): string => added[lang]?.launcher ?? ENGLISH_LAUNCHER_NAME;

/** Canonical form of a BCP 47 tag (`de_AT` → `de-AT`), or undefined when it is not one. */
export function canonical(tag: string | undefined): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag?.replace('_', '-'))[0];
  } catch {
    return undefined;
  }
}

/** The language subtag of a canonical tag. */
export const languageOf = (tag?: string) => tag?.split('-')[0];

/**
 * Languages whose dictionary is another's. `zh` is Simplified Chinese: Traditional tags (`zh-TW`,
 * `zh-Hant`, `zh-HK`) get it too (readable, better than English) until a `zh-Hant` dictionary ships.
 * `iw` is Hebrew's old code (`Intl` already maps it to `he`; kept for runtimes that do not).
 */
const SAME_LANGUAGE: Record<string, string> = { iw: 'he' };

/** The dictionary language for a wanted locale: `fr-CA` → `fr`, `pt-BR` → `pt`, `zh-TW` → `zh`, `iw` → `he`; unknown → `en`. */
export function resolveLocale(wanted: string | undefined): string {
  const subtag = languageOf(canonical(wanted))!;
  const lang = SAME_LANGUAGE[subtag] ?? subtag;
  return languages.includes(lang) ? lang : 'en';
}
