import { describe, expect, it } from 'vitest';
import { createI18n, dictionary, isRtl, languages, resolveLocale } from '../../src/ui/i18n';
import en from '../../src/ui/locales/en';
import fr from '../../src/ui/locales/fr';
import de from '../../src/ui/locales/de';
import es from '../../src/ui/locales/es';
import ar from '../../src/ui/locales/ar';
import { addDictionaries } from '../../src/ui/locales/all';

addDictionaries(); // as the npm entries do (dist/parley.js fetches each language's file instead)

const keys = Object.keys(en);
const english = dictionary('en');
const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('dictionaries', () => {
  it('ship English, French, German, Spanish and Arabic', () => {
    expect(languages.sort()).toEqual(['ar', 'de', 'en', 'es', 'fr']);
  });

  it.each(Object.entries({ en, fr, de, es, ar }))('%s has a non-empty one-line string for every key', (_, strings) => {
    expect(Object.keys(strings).sort()).toEqual([...keys].sort());
    for (const value of Object.values(strings)) expect(value.trim()).toMatch(/^[^\n]+$/);
  });

  it.each(languages)('%s has every key, with the same placeholders as English', (lang) => {
    const strings = dictionary(lang);
    expect(Object.keys(strings).sort()).toEqual([...keys].sort());
    for (const key of keys as (keyof typeof en)[]) expect(placeholders(strings[key]), `${lang}.${key}`).toEqual(placeholders(english[key]));
  });

  it('translate the contract names', () => {
    expect(dictionary('en')).toMatchObject({ launcher: 'Open chat', message: 'Message', send: 'Send' });
    expect(dictionary('fr')).toMatchObject({ launcher: 'Ouvrir le chat', send: 'Envoyer' });
  });
});

describe('locale choice', () => {
  it('uses the language of a regional tag and falls back to English', () => {
    expect(resolveLocale('fr-CA')).toBe('fr');
    expect(resolveLocale('de_AT')).toBe('de');
    expect(resolveLocale('ES')).toBe('es');
    expect(resolveLocale('pt-BR')).toBe('en');
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

  it('lays Arabic out right to left and the others left to right', () => {
    expect(createI18n('ar-SA')).toMatchObject({ lang: 'ar-SA', dir: 'rtl' });
    expect(createI18n('ar').t('send')).toBe('إرسال');
    expect(createI18n('en-GB')).toMatchObject({ lang: 'en-GB', dir: 'ltr' });
  });

  it('formats with the dictionary language when the wanted one has no strings', () => {
    expect(createI18n('pt-BR')).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(createI18n('garbage!!').lang).toBe('en');
  });
});

describe('strings', () => {
  it('fills placeholders', () => {
    const { t } = createI18n('en');
    expect(t('unread', { n: 3 })).toBe('3 unread');
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
    const i = createI18n('he', { send: 'שלח' });
    expect(i).toMatchObject({ lang: 'he', dir: 'rtl' });
    expect(i.t('send')).toBe('שלח');
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
