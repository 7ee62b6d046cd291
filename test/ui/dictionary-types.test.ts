/**
 * Dictionaries are typed against English: `npm run typecheck` fails for a dictionary with a key
 * missing or one English does not have. The `@ts-expect-error` lines are the proof (an unneeded one is
 * itself a type error), so this file checks the types when the typecheck runs over test/.
 */
import { describe, expect, it } from 'vitest';
import en, { type Strings } from '../../src/ui/locales/en';

describe('dictionary types', () => {
  it('refuse a dictionary with a missing or an extra key', () => {
    const { launcher: _dropped, ...withoutLauncher } = en;
    // @ts-expect-error `launcher` is missing
    const missing: Strings = withoutLauncher;
    // @ts-expect-error `launchr` is not an English key
    const extra: Strings = { ...en, launchr: 'Open chat' };
    expect(missing).not.toHaveProperty('launcher');
    expect(extra).toHaveProperty('launchr');
  });

  it('refuse a plural key without a form the language declares, or as a plain string', () => {
    // @ts-expect-error Polish declares `few` and `many`: `unread` lacks them
    const polish: Strings<'one' | 'few' | 'many' | 'other'> = { ...en, unread: { one: '{n}', other: '{n}' } };
    // @ts-expect-error a plural key is one string per form
    const plain: Strings = { ...en, unread: '{n} unread' };
    const japanese: Strings<'other'> = { ...en, unread: { other: '{n}' } };
    expect(polish.unread).not.toHaveProperty('few');
    expect(typeof plain.unread).toBe('string');
    expect(japanese.unread).toEqual({ other: '{n}' });
  });
});
