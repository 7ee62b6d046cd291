/**
 * `onMessage` (§3): the checks in the sheet's order (read-only 409 → rate 429 → text length 4011 →
 * custom-attribute bytes 4013, §9 item 4), then the Inbound echo to every socket of the token, the
 * stored history entry, and the clear sequence (§2.6).
 */
import { attachmentContent } from './attachments.js';
import { ERRORS, envelope, errorFrame, inboundBody, isObject, tooManyRequestsFrame } from './frames.js';

const MESSAGE_TYPES = ['Text', 'Structured', 'Event'];

/**
 * @typedef {import('./sessions.js').Session} Session
 * @typedef {import('./socket.js').Request} Request
 */

/**
 * The custom attributes of a request: `message.channel` (mobile SDK, testers) or the request's top-level
 * `channel` (Java SDK), §3.1, §7. Undefined when there are none; 'invalid' when not a string map.
 * @param {Request} request
 * @returns {Record<string, string> | undefined | 'invalid'}
 */
function customAttributesOf(request) {
  const attributes = request.message.channel?.metadata?.customAttributes ?? request.channel?.metadata?.customAttributes;
  if (attributes === undefined) return undefined;
  if (!isObject(attributes) || Object.values(attributes).some((value) => typeof value !== 'string')) return 'invalid';
  return attributes;
}

/** @param {Record<string, string>} attributes */
const attributeBytes = (attributes) =>
  Object.entries(attributes).reduce((total, [key, value]) => total + Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8'), 0);

/**
 * @param {Request['message']} message
 * @param {string} kind Typing, Presence
 */
const eventsOfKind = (message, kind) =>
  Array.isArray(message.events) ? message.events.filter((/** @type {any} */ event) => isObject(event) && event.eventType === kind) : [];

/** @param {import('./index.js').ServerContext} ctx */
export function createMessageActions(ctx) {
  /**
   * @param {Session} session
   * @param {any[]} content
   * @returns {{ content: object[] } | { error: readonly [number, string] }}
   */
  function expandAttachments(session, content) {
    const expanded = [];
    for (const item of content) {
      if (!isObject(item) || item.contentType !== 'Attachment') {
        expanded.push(item);
        continue;
      }
      const attachment = session.attachments.get(String(item.attachment?.id));
      if (!attachment) return { error: ERRORS.attachmentNotFound };
      if (attachment.state !== 'uploaded') return { error: ERRORS.attachmentNotUploaded };
      expanded.push(attachmentContent(ctx, attachment));
    }
    return { content: expanded };
  }

  /**
   * @param {import('ws').WebSocket} ws
   * @param {Session} session
   * @param {Request} request
   */
  function onMessage(ws, session, request) {
    const { message, tracingId } = request;
    const fail = (/** @type {readonly [number, string]} */ [code, text]) => ctx.send(ws, errorFrame(code, text, tracingId));
    if (!isObject(message) || !MESSAGE_TYPES.includes(message.type)) return fail(ERRORS.badRequest);
    if (message.text !== undefined && typeof message.text !== 'string') return fail(ERRORS.badRequest);
    if (message.content !== undefined && !Array.isArray(message.content)) return fail(ERRORS.badRequest);
    if (message.type === 'Event' && !(Array.isArray(message.events) && message.events.length)) return fail(ERRORS.badRequest);

    if (session.readOnly) return fail(ERRORS.readOnly);
    const retryAfterSec = ctx.sessions.overRate(session);
    if (retryAfterSec !== undefined) return ctx.send(ws, tooManyRequestsFrame(retryAfterSec, tracingId));
    if ((message.text ?? '').length > ctx.settings.maxTextLength) return fail(ERRORS.messageTooLong);
    const attributes = customAttributesOf(request);
    if (attributes === 'invalid') return fail(ERRORS.badRequest);
    if (attributes && attributeBytes(attributes) > ctx.settings.maxCustomDataBytes) {
      return fail([4013, `Custom Attributes in channel metadata is larger than ${ctx.settings.maxCustomDataBytes} bytes`]);
    }

    const typing = eventsOfKind(message, 'Typing');
    const presence = eventsOfKind(message, 'Presence').map((/** @type {any} */ event) => event.presence?.type);
    if (typing.length && !ctx.settings.showUserTypingIndicator) return fail(ERRORS.featureOff);
    if (presence.includes('Clear') && !ctx.settings.clearEnabled) return fail(ERRORS.clearDisabled);
    const expanded = message.content ? expandAttachments(session, message.content) : { content: undefined };
    if ('error' in expanded) return fail(expanded.error);

    if (attributes) Object.assign(session.customAttributes, attributes);
    ctx.sessions.touch(session);
    const body = inboundBody({ type: message.type, text: message.text, content: expanded.content, events: message.events }, ctx.sessions.iso());
    ctx.sessions.push(session, envelope('message', 'StructuredMessage', body, tracingId));
    // Typing is a signal, not a message: history does not keep it. History names the guest's side Human,
    // where the live echo carries an empty originatingEntity (both as the sheet quotes them, §3.4 and §6).
    if (!(message.type === 'Event' && typing.length === message.events.length)) session.messages.push({ ...body, originatingEntity: 'Human' });

    if (presence.includes('Clear')) {
      ctx.sessions.push(session, envelope('message', 'SessionClearedEvent', {}));
      ctx.sessions.push(session, envelope('message', 'ConnectionClosedEvent', {}));
      session.closed = true;
      session.sockets.clear();
      return;
    }
    if (message.type !== 'Event' || presence.includes('Join')) ctx.onVisitorMessage(session);
  }

  return { onMessage };
}
