// onMessage and echo on the local Web Messaging server (protocols/genesys-webmessaging.md §2.8, §3, §7,
// §9 item 4): the Inbound echo, the error checks in the sheet's order, fan-out to every socket of a token.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configured, start, text } from './fixture';

/** Custom attributes of about `bytes` UTF-8 bytes (é is two bytes). */
const attributesOf = (bytes: number) => ({ channel: { metadata: { customAttributes: { note: 'é'.repeat((bytes - 4) / 2) } } } });

describe('genesys-messaging server: onMessage', () => {
  it('echoes a Text as an Inbound StructuredMessage with a new id, channel.time, messageId and the tracingId', async () => {
    const server = await start();
    const guest = await configured(server);
    guest.send({ action: 'onMessage', token: guest.token, tracingId: 'trace-1', message: { type: 'Text', text: 'Hello' } });
    const echo = await guest.next((frame) => frame.class === 'StructuredMessage');
    expect(echo).toEqual({
      type: 'message',
      class: 'StructuredMessage',
      code: 200,
      tracingId: 'trace-1',
      body: {
        type: 'Text',
        text: 'Hello',
        direction: 'Inbound',
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        channel: { time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), messageId: echo.body.id },
        metadata: { correlationId: expect.any(String) },
        originatingEntity: '',
      },
    });
    const second = await guest.request('onMessage', text('Again'));
    expect(second.body.id).not.toBe(echo.body.id);
    expect(server.messages(guest.token).map((message) => message.text)).toEqual(['Hello', 'Again']);
  });

  it('fans the echo out to every socket of the token', async () => {
    const server = await start();
    const token = randomUUID();
    const tab1 = await configured(server, token);
    const tab2 = await configured(server, token);
    const echo = await tab1.request('onMessage', text('from tab 1'));
    expect(await tab2.next((frame) => frame.class === 'StructuredMessage')).toEqual(echo);
  });

  it('answers echo with the "ping" response carrying durationSeconds and expirationDate strings, only to the caller', async () => {
    const server = await start({ settings: { durationSeconds: 259200 } });
    const token = randomUUID();
    const guest = await configured(server, token);
    const other = await configured(server, token);
    const reply = await guest.request('echo', { message: { type: 'Text', text: 'ping' } });
    expect(reply).toEqual({
      type: 'response',
      class: 'StructuredMessage',
      code: 200,
      tracingId: expect.any(String),
      body: {
        type: 'Text',
        text: 'ping',
        direction: 'Inbound',
        id: expect.any(String),
        metadata: { durationSeconds: '259200', expirationDate: String(guest.session.expirationDate) },
      },
    });
    expect(other.frames.map((frame) => frame.class)).toEqual(['SessionResponse']);
    expect(server.messages(token)).toEqual([]);
  });

  it('answers 409 once the session is read-only, before any other check', async () => {
    const server = await start();
    const guest = await configured(server);
    server.agent.join(guest.token, { nickname: 'Sam' });
    server.agent.disconnect(guest.token);
    server.setRateLimit(0);
    const reply = await guest.request('onMessage', text('x'.repeat(5000), attributesOf(4000)));
    expect(reply).toEqual({ type: 'response', class: 'string', code: 409, tracingId: expect.any(String), body: 'Session is read-only, no new messages allowed' });
  });

  it('answers 429 TooManyRequestsErrorMessage with retryAfter over the rate limit, before the length check', async () => {
    const server = await start();
    const guest = await configured(server);
    server.setRateLimit(2, 30);
    await guest.request('onMessage', text('one'));
    await guest.request('onMessage', text('two'));
    const reply = await guest.request('onMessage', text('x'.repeat(5000)));
    expect(reply).toEqual({
      type: 'response',
      class: 'TooManyRequestsErrorMessage',
      code: 429,
      tracingId: expect.any(String),
      body: { retryAfter: expect.any(Number), errorCode: 4029, errorMessage: 'Message rate too high for this session' },
    });
    expect(reply.body.retryAfter).toBeGreaterThanOrEqual(29);
    expect(reply.body.retryAfter).toBeLessThanOrEqual(30);
  });

  it('answers 4011 for text over the limit, before the custom-attribute check', async () => {
    const server = await start({ settings: { maxTextLength: 100 } });
    const guest = await configured(server);
    expect((await guest.request('onMessage', text('x'.repeat(100)))).class).toBe('StructuredMessage');
    const reply = await guest.request('onMessage', text('x'.repeat(101), attributesOf(4000)));
    expect(reply).toEqual({ type: 'response', class: 'string', code: 4011, tracingId: expect.any(String), body: 'message too long' });
  });

  it('answers 4013 when custom attributes exceed maxCustomDataBytes in UTF-8 bytes, and keeps those that fit', async () => {
    const server = await start();
    const guest = await configured(server);
    const fits = await guest.request('onMessage', text('Hi', attributesOf(2048)));
    expect(fits.class).toBe('StructuredMessage');
    const reply = await guest.request('onMessage', text('Hi', attributesOf(2050)));
    expect(reply).toEqual({ type: 'response', class: 'string', code: 4013, tracingId: expect.any(String), body: 'Custom Attributes in channel metadata is larger than 2048 bytes' });
    expect(server.sessions()[0].customAttributes.note).toHaveLength(1022);
  });

  it('takes custom attributes from the top-level channel too (the Java SDK form)', async () => {
    const server = await start();
    const guest = await configured(server);
    await guest.request('onMessage', { message: { type: 'Text', text: 'Hi' }, channel: { metadata: { customAttributes: { firstName: 'Ada', email: 'ada@example.com' } } } });
    expect(server.sessions()[0].customAttributes).toEqual({ firstName: 'Ada', email: 'ada@example.com' });
  });

  it('echoes visitor typing without storing it, and answers 403 when the deployment hides visitor typing', async () => {
    const server = await start();
    const guest = await configured(server);
    const typing = { message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } };
    const echo = await guest.request('onMessage', typing);
    expect(echo.body).toMatchObject({ type: 'Event', direction: 'Inbound', events: [{ eventType: 'Typing', typing: { type: 'On' } }] });
    expect(server.messages(guest.token)).toEqual([]);
    server.configure({ showUserTypingIndicator: false });
    expect(await guest.request('onMessage', typing)).toMatchObject({ class: 'string', code: 403, body: 'Turn on the Feature Toggle or fix the configuration.' });
  });

  it('echoes a ButtonResponse and an autostart Join and keeps both for history', async () => {
    const server = await start();
    const guest = await configured(server);
    const join = await guest.request('onMessage', { message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
    expect(join.body).toMatchObject({ type: 'Event', direction: 'Inbound', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] });
    const buttonResponse = { contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'yes', type: 'QuickReply' } };
    const answer = await guest.request('onMessage', { message: { type: 'Text', text: '', content: [buttonResponse] } });
    expect(answer.body).toMatchObject({ type: 'Text', direction: 'Inbound', content: [buttonResponse] });
    expect(server.messages(guest.token).map((message) => message.type)).toEqual(['Event', 'Text']);
  });

  it('answers 400 for a message without a known type', async () => {
    const server = await start();
    const guest = await configured(server);
    expect(await guest.request('onMessage', { message: { type: 'Shout', text: 'hi' } })).toMatchObject({ class: 'string', code: 400 });
    expect(await guest.request('onMessage', {})).toMatchObject({ class: 'string', code: 400 });
  });
});
