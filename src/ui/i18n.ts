/**
 * UI strings and date formatting. Every visible or accessible string comes from a dictionary
 * (`locales/*.ts`); dates and times go through `Intl` (no date library).
 */
import en, { KEYS, type StringKey, type Strings } from './locales/en';

/** Languages Parley has strings for (their dictionaries may not be loaded yet: see `addDictionary`). */
export const languages = ['en', 'fr', 'de', 'es', 'ar'];

/**
 * The dictionaries at hand, packed one line per key in the order of `KEYS`. English is built in; the
 * npm entries add the others when they start (./locales/all.ts), `dist/parley.js` fetches the one a
 * page needs (`parley-locale-<lang>.js`), so a page downloads one language besides English.
 */
const packed: Record<string, string> = { en };

/** Makes a language's strings available (`text`: one line per key, in the order of `KEYS`). */
export const addDictionary = (lang: string, text: string): void => void (packed[lang] = text);

/** Whether the dictionary for `lang` is at hand. */
export const hasDictionary = (lang: string): boolean => lang in packed;

/** The dictionary of a language at hand (`en` for any other). */
export function dictionary(lang: string): Strings {
  // `packed.en`, not `en`: the minifier would inline the English text a second time.
  const lines = (packed[lang] ?? packed.en!).split('\n');
  return Object.fromEntries(KEYS.map((k, i) => [k, lines[i]])) as Strings;
}

export interface I18n {
  /** BCP 47 tag used for `lang` and `Intl` formatting. */
  lang: string;
  dir: 'ltr' | 'rtl';
  /** A string with `{placeholders}` filled in. */
  t(key: StringKey, vars?: Record<string, string | number>): string;
  /** Short local time of an ISO date ("14:05", "2:05 PM"). */
  time(iso: string): string;
  /** Day label for separators: "today", "yesterday", else a long date (year only when not this year). */
  day(iso: string, now?: number): string;
}

/** Canonical form of a BCP 47 tag (`de_AT` → `de-AT`), or undefined when it is not one. */
function canonical(tag: string | undefined): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag?.replace('_', '-'))[0];
  } catch {
    return undefined;
  }
}

/** The language subtag of a canonical tag. */
const base = (tag?: string) => tag?.split('-')[0];

/** Whether a locale is written right to left (by its language subtag). */
export const isRtl = (locale: string) => /^(ar|he|fa|ur|ps|yi|dv|ckb|sd|ug)\b/i.test(locale);

/** The dictionary language for a wanted locale: `fr-CA` → `fr`; unknown → `en`. */
export function resolveLocale(wanted: string | undefined): string {
  const lang = base(canonical(wanted))!;
  return languages.includes(lang) ? lang : 'en';
}

/** Local midnight of a date, as a time value (NaN for an invalid date). */
const midnight = (d: string | number) => new Date(d).setHours(0, 0, 0, 0);

/**
 * Builds the strings and formatters for a locale. `overrides` replace dictionary entries (the host's
 * `strings` config); when given, the host is translating into the wanted locale itself, so its
 * language and direction are used even when Parley has no dictionary for it.
 */
export function createI18n(wanted: string | undefined, overrides: Record<string, string> = {}): I18n {
  const dict = resolveLocale(wanted);
  const tag = canonical(wanted);
  const lang = tag && (base(tag) === dict || Object.keys(overrides).length) ? tag : dict;
  const s: Record<string, string> = { ...dictionary(dict), ...overrides };
  const timeFmt = new Intl.DateTimeFormat(lang, { timeStyle: 'short' });
  const rel = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  return {
    lang,
    dir: isRtl(lang) ? 'rtl' : 'ltr',
    t: (key, vars) => s[key]!.replace(/\{(\w+)\}/g, (_, k: string) => '' + vars![k]),
    time: (iso) => {
      const d = new Date(iso);
      return isNaN(+d) ? '' : timeFmt.format(d);
    },
    day(iso, now = Date.now()) {
      const d = new Date(iso);
      // Whole local days between the two dates (calendar days, not 24 h spans; DST-safe via rounding).
      const days = Math.round((midnight(now) - midnight(iso)) / 864e5);
      if (days !== days) return '';
      if (days === 0 || days === 1) return rel.format(-days, 'day');
      const year = d.getFullYear() === new Date(now).getFullYear() ? undefined : 'numeric';
      return new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', year }).format(d);
    },
  };
}

export type { StringKey, Strings };
