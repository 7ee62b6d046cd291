/**
 * The JSON envelopes of the Web Messaging Guest API (protocols/genesys-webmessaging.md §2.1, §3.4, §4):
 * `{type, class, code, body, tracingId?}` on the socket, and the bodies of the `StructuredMessage`s the
 * fake stores and pushes. Pure functions: no sockets here.
 */
import { randomBytes } from 'node:crypto';

/** A platform message id: 32 hex characters, as Genesys sends them (§4). */
export const messageId = () => randomBytes(16).toString('hex');

/**
 * Fields with an undefined value left out (the real API omits unset fields).
 * @param {Record<string, unknown>} fields
 */
export const defined = (fields) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

/**
 * An envelope. `tracingId` is copied from the request into a direct reply (§2.1).
 * @param {'response' | 'message'} type
 * @param {string} className
 * @param {unknown} body
 * @param {string} [tracingId]
 * @param {number} [code]
 */
export const envelope = (type, className, body, tracingId, code = 200) => defined({ type, class: className, code, body, tracingId });

/**
 * An error reply: class `string`, the message as body, an HTTP-style or 4xxx code (§3.4).
 * @param {number} code
 * @param {string} text
 * @param {string} [tracingId]
 */
export const errorFrame = (code, text, tracingId) => envelope('response', 'string', text, tracingId, code);

/**
 * The 429 reply of §3.4, `retryAfter` in seconds.
 * @param {number} retryAfterSec
 * @param {string} [tracingId]
 */
export const tooManyRequestsFrame = (retryAfterSec, tracingId) =>
  envelope('response', 'TooManyRequestsErrorMessage', { retryAfter: retryAfterSec, errorCode: 4029, errorMessage: 'Message rate too high for this session' }, tracingId, 429);

/** The error texts the sheet quotes, and plain ones for the codes it only names (§3.4). */
export const ERRORS = /** @type {const} */ ({
  badRequest: [400, 'Request failed.'],
  featureOff: [403, 'Turn on the Feature Toggle or fix the configuration.'],
  clearDisabled: [403, 'Presence events Conversation Clear are not supported'],
  readOnly: [409, 'Session is read-only, no new messages allowed'],
  featureUnavailable: [4000, 'Feature unavailable'],
  sessionExpired: [4006, 'Session expired'],
  sessionNotFound: [4007, 'Session not found'],
  attachmentNotFound: [4009, 'Attachment not found'],
  attachmentNotUploaded: [4010, 'Attachment was not successfully uploaded'],
  messageTooLong: [4011, 'message too long'],
  missingParameter: [4020, 'Missing parameter'],
});

/**
 * @typedef {{ nickname?: string, image?: string, firstName?: string, lastName?: string }} Participant
 * @typedef {{ type: string, text?: string, direction: 'Inbound' | 'Outbound', id: string,
 *   channel: { time: string, messageId?: string, type?: string, from?: Participant, to?: object },
 *   content?: object[], events?: object[], metadata?: Record<string, string>, originatingEntity?: string }} MessageBody
 */

/**
 * The Inbound echo of what the guest sent (§3.4): a new id, `channel.time` and `channel.messageId`.
 * @param {{ type: string, text?: string, content?: object[], events?: object[] }} message
 * @param {string} time ISO-8601
 * @returns {MessageBody}
 */
export function inboundBody(message, time) {
  const id = messageId();
  return /** @type {MessageBody} */ (
    defined({
      type: message.type,
      text: message.text,
      direction: 'Inbound',
      id,
      channel: { time, messageId: id },
      content: message.content,
      events: message.events,
      metadata: { correlationId: messageId() },
      originatingEntity: '',
    })
  );
}

/**
 * An Outbound agent or bot message or event (§4): `originatingEntity` Human for an agent, Bot for a bot.
 * @param {{ type: string, text?: string, content?: object[], events?: object[], metadata?: Record<string, string>,
 *   from: Participant, bot?: boolean }} fields
 * @param {string} time ISO-8601
 * @returns {MessageBody}
 */
export function outboundBody({ type, text, content, events, metadata, from, bot }, time) {
  return /** @type {MessageBody} */ (
    defined({
      type,
      text,
      direction: 'Outbound',
      id: messageId(),
      channel: { time, type: 'Private', from: defined({ ...from }), to: {} },
      content,
      events,
      metadata: metadata ?? { correlationId: messageId() },
      originatingEntity: bot ? 'Bot' : 'Human',
    })
  );
}

/** @param {string} presenceType Join, Disconnect, Clear, SignIn */
export const presenceEvents = (presenceType) => [{ eventType: 'Presence', presence: { type: presenceType } }];

/**
 * @param {'On' | 'Off'} state
 * @param {number} [durationMs]
 */
export const typingEvents = (state, durationMs) => [{ eventType: 'Typing', typing: defined({ type: state, duration: durationMs }) }];

/** @param {unknown} value */
export const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
