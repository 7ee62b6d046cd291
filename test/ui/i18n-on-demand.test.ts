import { describe, expect, it } from 'vitest';
import { addDictionary, createI18n, hasDictionary } from '../../src/ui/i18n';
import de from '../../src/ui/locales/de';
import { deferDictionary, whenDictionary } from '../../src/embed/deferred';

// dist/parley.js ships English and fetches another language's strings when a widget first speaks it.
describe('dictionaries fetched on demand', () => {
  it('speak English until the language arrives, then the language, with one fetch for every widget', async () => {
    expect(hasDictionary('de')).toBe(false);
    expect(createI18n('de-AT').t('launcher')).toBe('Open chat');
    let fetches = 0;
    deferDictionary('de', async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 5));
      addDictionary('de', de);
    });
    const first = whenDictionary('de-AT');
    expect(whenDictionary('de')).toBe(first);
    await first;
    expect(whenDictionary('de-CH')).toBeUndefined();
    expect(createI18n('de-AT').t('launcher')).toBe(de.launcher);
    expect(fetches).toBe(1);
  });

  it('need nothing for English or for a language Parley has no strings for', () => {
    deferDictionary('fr', () => Promise.reject(new Error('must not be fetched')));
    expect(whenDictionary('en-GB')).toBeUndefined();
    expect(whenDictionary('sv-SE')).toBeUndefined();
  });
});
