/**
 * UI strings and date formatting. Every visible or accessible string comes from a dictionary
 * (`locales/*.ts`); dates and times go through `Intl` (no date library).
 */
import en, { type AnyStrings, type StringKey, type Strings } from './locales/en';
import onDemand from '../embed/on-demand.json';

/**
 * Languages Parley has strings for: English and those `dist/parley.js` fetches on demand
 * (src/embed/on-demand.json, the one list of them). Their dictionaries may not be loaded yet: see `addDictionary`.
 */
export const languages = ['en', ...onDemand.locales];

/**
 * The dictionaries at hand. English is built in; the npm entries add the others when they start
 * (./locales/all.ts), `dist/parley.js` fetches the one a page needs (`parley-locale-<lang>.js`), so a
 * page downloads one language besides English.
 */
const dictionaries: Record<string, AnyStrings> = { en };

/** Makes a language's strings available. */
export function addDictionary(lang: string, strings: AnyStrings): void {
  dictionaries[lang] = strings;
}

/** Whether the dictionary for `lang` is at hand. */
export const hasDictionary = (lang: string): boolean => lang in dictionaries;

/** The dictionary of a language at hand (English for any other). */
export const dictionary = (lang: string): AnyStrings => dictionaries[lang] ?? en;

export interface I18n {
  /** BCP 47 tag used for `lang` and `Intl` formatting. */
  lang: string;
  dir: 'ltr' | 'rtl';
  /** A string with `{placeholders}` filled in; a plural key takes the form for `vars.n` (`Intl.PluralRules`). */
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
const languageOf = (tag?: string) => tag?.split('-')[0];

/** Whether a locale is written right to left (by its language subtag). */
export const isRtl = (locale: string) => /^(ar|he|fa|ur|ps|yi|dv|ckb|sd|ug)\b/i.test(locale);

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

/** Local midnight of a date, as a time value (NaN for an invalid date). */
const midnight = (date: string | number) => new Date(date).setHours(0, 0, 0, 0);

/**
 * Builds the strings and formatters for a locale. `overrides` replace dictionary entries (the host's
 * `strings` config); when given, the host is translating into the wanted locale itself, so its
 * language and direction are used even when Parley has no dictionary for it.
 */
export function createI18n(wanted: string | undefined, overrides: Record<string, string> = {}): I18n {
  const dictionaryLang = resolveLocale(wanted);
  const tag = canonical(wanted);
  const lang = tag && (languageOf(tag) === dictionaryLang || Object.keys(overrides).length) ? tag : dictionaryLang;
  // The host's overrides are plain strings: one for every plural form.
  const strings: Record<string, AnyStrings[StringKey]> = { ...dictionary(dictionaryLang), ...overrides };
  const pluralRules = new Intl.PluralRules(lang);
  const pick = (value: AnyStrings[StringKey], count: number) => (typeof value === 'string' ? value : (value[pluralRules.select(count)] ?? value.other));
  // Formatters are made when first used (a message's time, a day separator), then kept: making one
  // costs far more than formatting with it, and the first one of a page loads locale data.
  let timeFormat: Intl.DateTimeFormat | undefined;
  let relativeFormat: Intl.RelativeTimeFormat | undefined;
  const dayFormats: Record<string, Intl.DateTimeFormat> = {};
  return {
    lang,
    dir: isRtl(lang) ? 'rtl' : 'ltr',
    t: (key, vars) => pick(strings[key]!, Number(vars?.n)).replace(/\{(\w+)\}/g, (_, name: string) => String(vars![name])),
    time: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? '' : (timeFormat ??= new Intl.DateTimeFormat(lang, { timeStyle: 'short' })).format(date);
    },
    day(iso, now = Date.now()) {
      const date = new Date(iso);
      // Whole local days between the two dates (calendar days, not 24 h spans; DST-safe via rounding).
      const days = Math.round((midnight(now) - midnight(iso)) / 864e5);
      if (Number.isNaN(days)) return '';
      if (days === 0 || days === 1) return (relativeFormat ??= new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })).format(-days, 'day');
      const year = date.getFullYear() === new Date(now).getFullYear() ? undefined : 'numeric';
      const format = (dayFormats[year ?? 'this year'] ??= new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', year }));
      return format.format(date);
    },
  };
}

export type { AnyStrings, StringKey, Strings };
