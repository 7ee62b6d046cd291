/**
 * UI strings and date formatting. Every visible or accessible string comes from a dictionary
 * (`locales/*.ts`, English built in here; which languages there are and which dictionaries have come is
 * ./dictionaries.ts); dates and times go through `Intl` (no date library).
 */
import en, { type AnyStrings, type StringKey, type Strings } from './locales/en';
import { addedDictionary, canonical, languageOf, resolveLocale } from './dictionaries';

export { addDictionary, hasDictionary, languages, resolveLocale } from './dictionaries';

/** The dictionary of a language at hand (English for any other). */
export const dictionary = (lang: string): AnyStrings => addedDictionary(lang) ?? en;

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
  /**
   * Makes the time formatter now, ahead of the first time shown: a page's first `Intl` formatter loads
   * locale data (~40 ms, ~170 ms on a slow phone), better spent while the window waits for its history.
   */
  prepare(): void;
}

/** Whether a locale is written right to left (by its language subtag). */
export const isRtl = (locale: string) => /^(ar|he|fa|ur|ps|yi|dv|ckb|sd|ug)\b/i.test(locale);

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
  // Formatters and plural rules are made when first used (a message's time, a day separator, a count),
  // then kept: making one costs far more than using it, and the first one of a page loads locale data
  // (tens of ms on a slow phone), which the window's first render must not wait for.
  let pluralRules: Intl.PluralRules | undefined;
  const pick = (value: AnyStrings[StringKey], count: number) =>
    typeof value === 'string' ? value : (value[(pluralRules ??= new Intl.PluralRules(lang)).select(count)] ?? value.other);
  let timeFormat: Intl.DateTimeFormat | undefined;
  let relativeFormat: Intl.RelativeTimeFormat | undefined;
  const dayFormats: Record<string, Intl.DateTimeFormat> = {};
  const timeFormatter = () => (timeFormat ??= new Intl.DateTimeFormat(lang, { timeStyle: 'short' }));
  return {
    lang,
    dir: isRtl(lang) ? 'rtl' : 'ltr',
    t: (key, vars) => pick(strings[key]!, Number(vars?.n)).replace(/\{(\w+)\}/g, (_, name: string) => String(vars![name])),
    time: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? '' : timeFormatter().format(date);
    },
    prepare: () => void timeFormatter(),
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
