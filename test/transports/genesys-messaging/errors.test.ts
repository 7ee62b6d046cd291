/**
 * Every error frame of the sheet's table (§3.4) as a ParleyError code, and the custom-attribute budget (§7).
 */
import { describe, expect, it } from 'vitest';
import { toError } from '../../../src/transports/genesys-messaging/wire';
import { until } from '../../helpers/node-env';
import { onlySession, open, startServer } from './setup';

describe('genesys-messaging: error frames', () => {
  it.each([
    [400, 'protocol', false],
    [401, 'auth', false],
    [403, 'forbidden', false],
    [409, 'ended', false],
    [4000, 'unsupported', false],
    [4001, 'validation', false],
    [4002, 'validation', false],
    [4003, 'validation', false],
    [4004, 'validation', false],
    [4005, 'validation', false],
    [4006, 'ended', false],
    [4007, 'ended', false],
    [4008, 'validation', false],
    [4009, 'validation', false],
    [4010, 'validation', false],
    [4011, 'validation', false],
    [4013, 'validation', false],
    [4017, 'auth', false],
    [4020, 'protocol', false],
    [5000, 'http', false],
    [500, 'http', true],
    [503, 'http', true],
  ])('maps code %i to %s (retryable: %s)', (code, parleyCode, retryable) => {
    const error = toError({ className: 'string', code, body: 'Request failed.' });
    expect(error).toMatchObject({ code: parleyCode, status: code, retryable, message: `genesys-messaging: ${code}: Request failed.` });
  });

  it('maps 429 TooManyRequestsErrorMessage to rate_limited with retryAfter', () => {
    const error = toError({ className: 'TooManyRequestsErrorMessage', code: 429, body: { retryAfter: 3, errorCode: 4029, errorMessage: 'Message rate too high for this session' } });
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 });
  });

  it('rejects a send over the rate limit as rate_limited, honouring retryAfter', async () => {
    const server = await startServer();
    server.setRateLimit(1, 10);
    const { transport } = open(server);
    await transport.connect({ visitorId: 'v1' });
    await transport.send({ clientId: 'c1', text: 'one' });
    await expect(transport.send({ clientId: 'c2', text: 'two' })).rejects.toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: expect.any(Number) });
  });

  it('rejects a text over the deployment limit (4011) as validation, not retried', async () => {
    const server = await startServer({ settings: { maxTextLength: 10 } });
    const { transport } = open(server);
    await transport.connect({ visitorId: 'v1' });
    await expect(transport.send({ clientId: 'c1', text: 'far too long for this' })).rejects.toMatchObject({ code: 'validation', status: 4011, retryable: false });
  });

  it('treats 4007 (session not found) as the end of the conversation', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.sendRaw(id, JSON.stringify({ type: 'response', class: 'string', code: 4007, body: 'Session not found' }));
    await until(() => heard.of('ended').length, 5000, 'ended');
    expect(heard.of('ended')).toEqual([{ reason: 'expired' }]);
  });
});

describe('genesys-messaging: identity as custom attributes', () => {
  it('sends the mapped identity as string custom attributes with the next message, once', async () => {
    const server = await startServer();
    const { transport } = open(server, { identityMap: { email: false } });
    await transport.connect({ visitorId: 'v1', identity: { id: 'u1', name: 'Ada', email: 'ada@example.com', plan: 'pro', seats: 3 } });
    await transport.send({ clientId: 'c1', text: 'hello' });
    const [session] = server.sessions();
    expect(session!.customAttributes).toEqual({ id: 'u1', name: 'Ada', plan: 'pro', seats: '3' });
    await transport.identify!({ id: 'u1', name: 'Ada Lovelace' });
    await transport.send({ clientId: 'c2', text: 'again' });
    expect(server.sessions()[0]!.customAttributes).toMatchObject({ name: 'Ada Lovelace' });
  });

  it("refuses an identity over the deployment's maxCustomDataBytes (UTF-8 bytes) with one validation warning naming the budget", async () => {
    const server = await startServer({ settings: { maxCustomDataBytes: 40 } });
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    // 'é' is two bytes: id + u1 + note + 16 × 2 = 4 + 4 + 32 = 40 fits; one more character does not.
    await transport.identify!({ id: 'u1', note: 'é'.repeat(16) });
    await transport.send({ clientId: 'c1', text: 'fits' });
    expect(server.sessions()[0]!.customAttributes).toEqual({ id: 'u1', note: 'é'.repeat(16) });
    await transport.identify!({ id: 'u1', note: 'é'.repeat(17) });
    await transport.identify!({ id: 'u1', note: 'é'.repeat(17) });
    await transport.send({ clientId: 'c2', text: 'still sent' });
    expect(heard.of('warning')).toHaveLength(1);
    expect(heard.of('warning')[0]).toMatchObject({ code: 'validation', message: expect.stringContaining('maxCustomDataBytes budget of 40') });
    expect(server.sessions()[0]!.customAttributes).toEqual({ id: 'u1', note: 'é'.repeat(16) });
  });
});
