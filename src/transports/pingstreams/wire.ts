/**
 * Pingstreams wire data (Tiledesk format, protocol sheet `pingstreams.md` §3, §6): request ids and
 * message documents, validated and mapped to the core's vocabulary.
 */
import type { Message } from '../../core/types';

export type Obj = Record<string, unknown>;
/** `v` when it is a string, else `or`. */
export const str = <T = undefined>(v: unknown, or?: T): string | T => (typeof v == 'string' ? v : (or as T));

/**
 * A request id as the official client and widget build it (§3.1):
 * `support-group-<projectId>-<uuid v4 without dashes>`. Crypto-random: the message list of a
 * request is readable by anyone who knows its id (§3.3).
 */
export const newRequestId = (projectId: string): string =>
  // A uuid v4 from its template: `8` gets the variant bits, every `0` and `1` a random digit.
  'support-group-' + projectId + '-' + '10000000100040008000100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16));

/**
 * One message document → a core message, or undefined when malformed or not for the visitor
 * (agents' `private` notes). `me` is the visitor's user id: their messages are `visitor`.
 * Fields the document lacks stay `undefined` (the core drops them).
 */
export function toMessage(r: unknown, me: string): Message | undefined {
  const d: Obj = Object(r);
  const a: Obj = Object(d.attributes);
  const md: Obj = Object(d.metadata);
  const id = str(d._id);
  const createdAt = str(d.createdAt);
  const text = str(d.text, '');
  const url = str(md.src, '');
  // (`RegExp.test` reads any value as a string.)
  const sub = a.subtype as string;
  const from = d.sender as string;
  const visitor = from === me;
  if (id && Date.parse(createdAt!) > 0 && sub != 'private')
    return {
      id,
      text,
      sender: visitor ? 'visitor' : from == 'system' || /^info/.test(sub) ? 'system' : /^bot_/.test(from) ? 'bot' : 'agent',
      createdAt: createdAt!,
      senderName: str(d.senderFullname),
      status: visitor ? 'sent' : undefined,
      clientId: str(a.clientId),
      // Images and files (§3.8): metadata.src, shown only when it is an http(s) URL.
      attachments: /^https?:/i.test(url) ? [{ id, name: str(md.name, text || 'file'), url, mimeType: str(md.type) }] : undefined,
    };
}

/** A list of message documents → core messages, malformed ones dropped (`onDrop` logs them). */
export const toMessages = (list: unknown[], me: string, onDrop: () => void): Message[] =>
  list.flatMap((r) => toMessage(r, me) || (onDrop(), []));
