/** The UI rules behind bot buttons and the pre-chat form (pure functions; the views are in e2e). */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/types';
import { offersChoices } from '../../src/ui/choices';
import { fieldError, identityFrom, preChatApplies } from '../../src/ui/pre-chat';
import type { PreChatConfig } from '../../src/core/pre-chat';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
const menu: Message = { id: 'm1', text: 'Pick one', sender: 'bot', createdAt: at(0), buttons: [{ kind: 'reply', label: 'Pricing', value: 'Pricing' }] };
const visitor = (id: string, minute: number, extra: Partial<Message> = {}): Message => ({ id, text: 'x', sender: 'visitor', createdAt: at(minute), ...extra });
const t = (key: string) => key;

describe('bot choices', () => {
  it('are offered until the visitor answers', () => {
    expect(offersChoices([visitor('v0', 0), menu], menu)).toBe(true);
    expect(offersChoices([menu, { ...menu, id: 'agent', sender: 'agent', buttons: undefined }], menu)).toBe(true);
  });

  it('are gone once the visitor taps one (even a hidden action) or writes anything, sent or still queued', () => {
    expect(offersChoices([menu, visitor('v1', 1, { text: 'Pricing' })], menu)).toBe(false);
    expect(offersChoices([menu, visitor('v1', 1, { action: 'handoff', hidden: true })], menu)).toBe(false);
    expect(offersChoices([menu, visitor('c1', 1, { clientId: 'c1', status: 'sending' })], menu)).toBe(false);
  });

  it('are not offered for a message no longer in the list', () => {
    expect(offersChoices([visitor('v1', 1)], menu)).toBe(false);
  });
});

describe('pre-chat form', () => {
  const always: PreChatConfig = { fields: [{ name: 'email', type: 'email', required: true }], when: 'always' };
  const away: PreChatConfig = { ...always, when: 'away' };

  it('applies until the visitor is identified; the away form only while no operator is online', () => {
    expect(preChatApplies(always, false, true)).toBe(true);
    expect(preChatApplies(always, true, undefined)).toBe(false);
    expect(preChatApplies(away, false, true)).toBe(false);
    expect(preChatApplies(away, false, undefined)).toBe(false);
    expect(preChatApplies(away, false, false)).toBe(true);
    expect(preChatApplies(undefined, false, false)).toBe(false);
  });

  it('says what is wrong with a value', () => {
    expect(fieldError({ name: 'email', type: 'email', required: true }, '', t)).toBe('fieldRequired');
    expect(fieldError({ name: 'email', type: 'email' }, '', t)).toBeUndefined();
    expect(fieldError({ name: 'email', type: 'email' }, 'ann@', t)).toBe('invalidEmail');
    expect(fieldError({ name: 'email', type: 'email' }, 'ann@example.com', t)).toBeUndefined();
    expect(fieldError({ name: 'phone', type: 'tel' }, 'call me', t)).toBe('invalidPhone');
    expect(fieldError({ name: 'phone', type: 'tel' }, '+33 1 23 45 67 89', t)).toBeUndefined();
  });

  it('makes the identity from the values (known id kept, empty values and the away message left out)', () => {
    expect(identityFrom({ name: 'Ann', email: 'ann@example.com', company: '' }, undefined, () => 'new-id')).toEqual({ id: 'new-id', name: 'Ann', email: 'ann@example.com' });
    expect(identityFrom({ email: 'ann@example.com', message: 'Call me back' }, 'known', () => 'new-id')).toEqual({ id: 'known', email: 'ann@example.com' });
  });
});
