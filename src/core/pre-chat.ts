/**
 * The `preChat` config: a short form asked before the chat (`when: 'always'`), or only while no
 * operator is online (`when: 'away'`: leave your e-mail and we'll reply). Its values go to
 * `identify()`, so every backend's identity mapping carries them. Validated here with errors that
 * name the exact key (`preChat.fields[1].type`).
 */
import { invalid } from './config';
import { isNonEmptyText, isObject, isText } from './guards';

export type PreChatFieldType = 'text' | 'email' | 'tel' | 'textarea';

export interface PreChatField {
  /** The identity key the value is given as (`name`, `email`, `phone`, or any trait). */
  name: string;
  /** Shown as the field's label (default: the widget's word for `name`/`email`/`phone`, else `name`). */
  label?: string;
  type: PreChatFieldType;
  required?: boolean;
}

export interface PreChatConfig {
  fields: PreChatField[];
  when: 'always' | 'away';
}

const TYPES: PreChatFieldType[] = ['text', 'email', 'tel', 'textarea'];
/** Names `identify()` reserves (`id` is the visitor's, given by the form itself). */
const RESERVED = ['id'];

function readField(raw: unknown, key: string, seen: Set<string>): PreChatField {
  if (!isObject(raw)) return invalid(key, 'an object like { "name": "email", "type": "email" }');
  const { name, label, type = 'text', required } = raw;
  if (!isNonEmptyText(name) || RESERVED.includes(name)) return invalid(key + '.name', 'a non-empty string other than "id"');
  if (seen.has(name)) return invalid(key + '.name', `unique ("${name}" is there twice)`);
  seen.add(name);
  if (label !== undefined && !isText(label)) return invalid(key + '.label', 'a string');
  if (!TYPES.includes(type as PreChatFieldType)) return invalid(key + '.type', TYPES.map((known) => `"${known}"`).join(' | '));
  if (required !== undefined && typeof required !== 'boolean') return invalid(key + '.required', 'true or false');
  return { name, type: type as PreChatFieldType, ...(label !== undefined && { label }), ...(required !== undefined && { required }) };
}

/** The `preChat` config, or undefined when not set; throws the `config` error naming the bad key. */
export function readPreChat(raw: unknown): PreChatConfig | undefined {
  if (raw == null) return undefined;
  if (!isObject(raw)) return invalid('preChat', 'an object like { "fields": [{ "name": "email", "type": "email" }], "when": "always" }');
  const { fields, when = 'always' } = raw;
  if (when !== 'always' && when !== 'away') return invalid('preChat.when', '"always" | "away"');
  if (!Array.isArray(fields) || !fields.length) return invalid('preChat.fields', 'a non-empty array of fields');
  const seen = new Set<string>();
  return { fields: fields.map((field, index) => readField(field, `preChat.fields[${index}]`, seen)), when };
}
