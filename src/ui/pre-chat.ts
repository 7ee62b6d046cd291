/**
 * The pre-chat form's rules, apart from its markup: when it is shown, what each field is called,
 * what a value must be, and the identity the values make. Pure (no DOM).
 */
import type { PreChatConfig, PreChatField } from '../core/pre-chat';
import type { Identity } from '../core/types';
import type { I18n } from './i18n';
import type { StringKey } from './locales/en';

/** The away form's own field: the message the visitor leaves (sent once they are identified). */
export const AWAY_MESSAGE_FIELD: PreChatField = { name: 'message', type: 'textarea', required: true };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{4,}$/;
const WORDS: Record<string, StringKey> = { name: 'fieldName', email: 'fieldEmail', phone: 'fieldPhone', message: 'message' };

/**
 * Whether the form takes the composer's place: configured, the visitor not identified yet, and for
 * `when: 'away'` only while the backend says no operator is online.
 */
export function preChatApplies(preChat: PreChatConfig | undefined, identified: boolean, operatorOnline: boolean | undefined): boolean {
  if (!preChat || identified) return false;
  return preChat.when === 'always' || operatorOnline === false;
}

/** A field's label: the config's, else the widget's word for a known name, else the name itself. */
export const fieldLabel = (field: PreChatField, t: I18n['t']): string => field.label || (WORDS[field.name] ? t(WORDS[field.name]!) : field.name);

/** What is wrong with a field's value, in words, or undefined when it is fine. */
export function fieldError(field: PreChatField, value: string, t: I18n['t']): string | undefined {
  if (!value) return field.required ? t('fieldRequired') : undefined;
  if (field.type === 'email' && !EMAIL.test(value)) return t('invalidEmail');
  if (field.type === 'tel' && !PHONE.test(value)) return t('invalidPhone');
  return undefined;
}

/** The identity the values make (`id`: the known one, else `newId`); empty values are left out. */
export function identityFrom(values: Record<string, string>, knownId: string | undefined, newId: () => string): Identity {
  const identity: Identity = { id: knownId || newId() };
  for (const [name, value] of Object.entries(values)) if (value && name !== AWAY_MESSAGE_FIELD.name) identity[name] = value;
  return identity;
}
