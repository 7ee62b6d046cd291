/** The `preChat` config: valid forms pass through, mistakes are `config` errors naming the exact key. */
import { describe, expect, it } from 'vitest';
import { parseRawConfig } from '../../src/core/config';
import { ParleyError } from '../../src/core/errors';

const parse = (preChat: unknown) => parseRawConfig({ backend: 'pocketping', preChat }).preChat;
const errorOf = (preChat: unknown) => {
  try {
    parse(preChat);
  } catch (error) {
    return error as ParleyError;
  }
  throw new Error('no error');
};

describe('preChat config', () => {
  it('is absent unless given', () => {
    expect(parse(undefined)).toBeUndefined();
  });

  it('takes fields with defaults (type text, when always), from data-pre-chat JSON too', () => {
    expect(parse({ fields: [{ name: 'name', required: true }, { name: 'email', type: 'email', label: 'Work e-mail' }] })).toEqual({
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'email', type: 'email', label: 'Work e-mail' },
      ],
      when: 'always',
    });
    expect(parse({ fields: [{ name: 'email', type: 'email' }], when: 'away' })?.when).toBe('away');
  });

  it.each([
    ['not an object', 'preChat', 'preChat'],
    [{ fields: [] }, 'preChat.fields', 'a non-empty array'],
    [{ fields: [{ name: 'email' }], when: 'sometimes' }, 'preChat.when', '"always" | "away"'],
    [{ fields: [{ name: 'email', type: 'date' }] }, 'preChat.fields[0].type', '"text" | "email" | "tel" | "textarea"'],
    [{ fields: [{ name: 'a' }, { type: 'text' }] }, 'preChat.fields[1].name', 'a non-empty string'],
    [{ fields: [{ name: 'id' }] }, 'preChat.fields[0].name', 'other than "id"'],
    [{ fields: [{ name: 'email' }, { name: 'email' }] }, 'preChat.fields[1].name', 'unique'],
    [{ fields: [{ name: 'email', required: 'yes' }] }, 'preChat.fields[0].required', 'true or false'],
    [{ fields: [{ name: 'email', label: 3 }] }, 'preChat.fields[0].label', 'a string'],
  ])('refuses %j, naming %s', (preChat, key, expected) => {
    const error = errorOf(preChat);
    expect(error.code).toBe('config');
    expect(error.message).toContain(`"${key}" must be`);
    expect(error.message).toContain(expected);
  });
});
