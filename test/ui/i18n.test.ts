import { describe, expect, it } from 'vitest';
import { createI18n, dictionary, isRtl, languages, resolveLocale } from '../../src/ui/i18n';
import en from '../../src/ui/locales/en';
import onDemand from '../../src/embed/on-demand.json';
import { addDictionaries } from '../../src/ui/locales/all';

addDictionaries(); // as the npm entries do (dist/parley.js fetches each language's file instead)

const keys = Object.keys(en) as (keyof typeof en)[];
const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();
/** A dictionary value's strings: itself, or each plural form's. */
const forms = (value: string | Record<string, string | undefined>): string[] => (typeof value === 'string' ? [value] : Object.values(value).map(String));

describe('dictionaries', () => {
  it('ship twelve languages, two of them right to left', () => {
    expect([...languages].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'he', 'it', 'ja', 'nl', 'pl', 'pt', 'zh']);
    expect(languages.filter(isRtl).sort()).toEqual(['ar', 'he']);
  });

  // Every language fetched on demand (src/embed/on-demand.json), as the npm entries add them.
  it.each(['en', ...onDemand.locales])('%s has every key, each a non-empty one-line string with English\'s placeholders', (lang) => {
    const strings = dictionary(lang);
    expect(lang === 'en' || strings !== dictionary('en'), `${lang} has no dictionary`).toBe(true);
    expect(Object.keys(strings).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const value = strings[key];
      for (const text of forms(value)) expect(text.trim(), `${lang}.${key}`).toMatch(/^[^\n]+$/);
      // A plural form may spell its number out ("one unread message"); the general form shows it.
      const general = typeof value === 'string' ? value : value.other;
      expect(placeholders(general), `${lang}.${key}`).toEqual(placeholders(forms(en[key]).at(-1)!));
      for (const text of forms(value)) for (const name of placeholders(text)) expect(placeholders(forms(en[key]).at(-1)!)).toContain(name);
    }
  });

  it.each(['en', ...onDemand.locales])('%s gives each plural key exactly the forms its language has (Intl.PluralRules)', (lang) => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const key of keys) {
      const value = dictionary(lang)[key];
      if (typeof en[key] !== 'string') expect(Object.keys(value).sort(), `${lang}.${key}`).toEqual([...categories].sort());
    }
  });

  it('translate the contract names', () => {
    expect(dictionary('en')).toMatchObject({ launcher: 'Open chat', message: 'Message', send: 'Send' });
    expect(dictionary('fr')).toMatchObject({ launcher: 'Ouvrir le chat', send: 'Envoyer' });
  });
});

describe('plurals', () => {
  it('take the form of the number in each language', () => {
    const unread = (lang: string, n: number) => createI18n(lang).t('unread', { n });
    expect([1, 2].map((n) => unread('en', n))).toEqual(['1 unread message', '2 unread messages']);
    expect([1, 3, 5, 22, 25].map((n) => unread('pl', n))).toEqual([
      '1 nieprzeczytana wiadomość',
      '3 nieprzeczytane wiadomości',
      '5 nieprzeczytanych wiadomości',
      '22 nieprzeczytane wiadomości',
      '25 nieprzeczytanych wiadomości',
    ]);
    expect([1, 2, 3].map((n) => unread('he', n))).toEqual(['הודעה אחת שלא נקראה', 'שתי הודעות שלא נקראו', '3 הודעות שלא נקראו']);
    expect([1, 7].map((n) => unread('ja', n))).toEqual(['未読メッセージ 1 件', '未読メッセージ 7 件']);
    expect(unread('zh', 1)).toBe('1 条未读消息');
    expect(unread('fr', 1)).toBe('1 message non lu');
  });

  it('use a host override for every form', () => {
    expect(createI18n('pl', { unread: 'Nowe: {n}' }).t('unread', { n: 5 })).toBe('Nowe: 5');
  });
});

describe('locale choice', () => {
  it('uses the language of a regional tag and falls back to English', () => {
    expect(resolveLocale('fr-CA')).toBe('fr');
    expect(resolveLocale('de_AT')).toBe('de');
    expect(resolveLocale('ES')).toBe('es');
    expect(resolveLocale('pt-BR')).toBe('pt');
    expect(resolveLocale('pt-PT')).toBe('pt');
    expect(resolveLocale('zh-CN')).toBe('zh');
    expect(resolveLocale('zh-TW')).toBe('zh');
    expect(resolveLocale('zh-Hant')).toBe('zh');
    expect(resolveLocale('zh-Hant-HK')).toBe('zh');
    expect(resolveLocale('iw')).toBe('he');
    expect(resolveLocale('iw-IL')).toBe('he');
    expect(resolveLocale('ja-JP')).toBe('ja');
    expect(resolveLocale('nl-BE')).toBe('nl');
    expect(resolveLocale('sv-SE')).toBe('en');
    expect(resolveLocale('not a locale!')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });

  it('detects right-to-left languages', () => {
    expect(isRtl('ar')).toBe(true);
    expect(isRtl('ar-EG')).toBe(true);
    expect(isRtl('he-IL')).toBe(true);
    expect(isRtl('fa')).toBe(true);
    expect(isRtl('en-US')).toBe(false);
    expect(isRtl('fr')).toBe(false);
  });

  it('lays Arabic and Hebrew out right to left and the others left to right', () => {
    expect(createI18n('ar-SA')).toMatchObject({ lang: 'ar-SA', dir: 'rtl' });
    expect(createI18n('he-IL')).toMatchObject({ lang: 'he-IL', dir: 'rtl' });
    expect(createI18n('iw').t('send')).toBe('שליחה');
    expect(createI18n('iw').dir).toBe('rtl');
    expect(createI18n('ar').t('send')).toBe('إرسال');
    expect(createI18n('en-GB')).toMatchObject({ lang: 'en-GB', dir: 'ltr' });
  });

  it('formats with the dictionary language when the wanted one has no strings', () => {
    expect(createI18n('sv-SE')).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(createI18n('pt-BR')).toMatchObject({ lang: 'pt-BR', dir: 'ltr' });
    expect(createI18n('garbage!!').lang).toBe('en');
  });
});

describe('strings', () => {
  it('fills placeholders', () => {
    const { t } = createI18n('en');
    expect(t('unread', { n: 3 })).toBe('3 unread messages');
    expect(t('typing', { name: 'Anna' })).toBe('Anna is typing…');
    expect(createI18n('de').t('stars', { n: 4 })).toBe('4 von 5');
  });

  it('lets host overrides replace dictionary entries', () => {
    const { t } = createI18n('fr', { send: 'Go', title: 'Aide' });
    expect(t('send')).toBe('Go');
    expect(t('title')).toBe('Aide');
    expect(t('launcher')).toBe('Ouvrir le chat');
  });

  it('uses the host language and direction when the host translates into a language Parley lacks', () => {
    const i = createI18n('fa', { send: 'ارسال' });
    expect(i).toMatchObject({ lang: 'fa', dir: 'rtl' });
    expect(i.t('send')).toBe('ارسال');
    expect(i.t('message')).toBe('Message');
  });
});

describe('dates', () => {
  const now = new Date(2025, 5, 18, 15, 30).getTime();
  const at = (d: number, h = 9) => new Date(2025, 5, 18 - d, h, 5).toISOString();

  it('labels today and yesterday in words, older days with the date', () => {
    const en = createI18n('en');
    expect(en.day(at(0), now)).toBe('today');
    expect(en.day(at(1, 23), now)).toBe('yesterday');
    expect(en.day(at(2), now)).toBe('Monday, June 16');
    expect(createI18n('fr').day(at(1), now)).toBe('hier');
    expect(createI18n('de').day(at(0), now)).toBe('heute');
  });

  it('adds the year only for other years', () => {
    expect(createI18n('en').day(new Date(2024, 11, 31, 12).toISOString(), now)).toBe('Tuesday, December 31, 2024');
  });

  it('formats times in the locale', () => {
    const iso = new Date(2025, 5, 18, 14, 5).toISOString();
    expect(createI18n('en-US').time(iso)).toBe('2:05 PM');
    expect(createI18n('fr').time(iso)).toBe('14:05');
  });

  it('shows nothing for an invalid date instead of throwing', () => {
    expect(createI18n('en').time('nope')).toBe('');
    expect(createI18n('en').day('nope', now)).toBe('');
  });
});
