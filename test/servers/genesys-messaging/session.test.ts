// The socket and the session lifecycle of the local Web Messaging server (protocols/genesys-webmessaging.md
// §1, §2.2–2.7): upgrade rules, configureSession by token, closeSession, clear and expiry.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { until } from '../../helpers/node-env';
import { configured, connect, control, refusedStatus, start, text } from './fixture';

describe('genesys-messaging server: the socket', () => {
  it('accepts /v1 with the deployment id and the SDK application parameter, and answers WS pings', async () => {
    const server = await start();
    const guest = await connect(server);
    const pong = new Promise<Buffer>((resolve) => guest.ws.once('pong', resolve));
    guest.ws.ping('keepalive');
    expect(String(await pong)).toBe('keepalive');
  });

  it('refuses an unknown or missing deployment with 403 and another path with 404', async () => {
    const server = await start({ deploymentId: 'known' });
    expect(await refusedStatus(`${server.wsUrl}?deploymentId=other`)).toBe(403);
    expect(await refusedStatus(server.wsUrl)).toBe(403);
    expect(await refusedStatus(`${server.url.replace('http', 'ws')}/v2?deploymentId=known`)).toBe(404);
  });

  it('checks Origin when the deployment restricts it', async () => {
    const server = await start({ allowedOrigins: ['https://shop.example'] });
    const url = `${server.wsUrl}?deploymentId=${server.deploymentId}`;
    expect(await refusedStatus(url, { Origin: 'https://evil.example' })).toBe(403);
    expect(await refusedStatus(url)).toBe(403);
  });

  it('answers malformed and unknown requests with a 400 string frame', async () => {
    const server = await start();
    const guest = await connect(server);
    guest.ws.send('not json');
    expect(await guest.next(() => true)).toEqual({ type: 'response', class: 'string', code: 400, body: 'Request failed.' });
    expect(await guest.request('teleport')).toMatchObject({ class: 'string', code: 400, body: 'Request failed.' });
  });
});

describe('genesys-messaging server: configureSession', () => {
  it('answers SessionResponse with the policy, newSession true on first use and the tracingId', async () => {
    const server = await start({ settings: { durationSeconds: 600 } });
    const guest = await connect(server);
    const before = Math.floor(Date.now() / 1000);
    const reply = await guest.request('configureSession', { deploymentId: server.deploymentId, startNew: false });
    expect(reply).toEqual({
      type: 'response',
      class: 'SessionResponse',
      code: 200,
      tracingId: expect.any(String),
      body: {
        connected: true,
        newSession: true,
        readOnly: false,
        clearedExistingSession: false,
        maxCustomDataBytes: 2048,
        allowedMedia: { inbound: { fileTypes: expect.arrayContaining([{ type: 'image/png' }]), maxFileSizeKB: 10240 } },
        blockedExtensions: expect.arrayContaining(['.exe', '.bat']),
        durationSeconds: 600,
        expirationDate: expect.any(Number),
        autoStarted: false,
      },
    });
    // Epoch seconds, one duration ahead.
    expect(reply.body.expirationDate - before).toBeGreaterThanOrEqual(599);
    expect(reply.body.expirationDate - before).toBeLessThanOrEqual(601);
  });

  it('resumes the same token with newSession false, and startNew makes a fresh session', async () => {
    const server = await start();
    const token = randomUUID();
    const first = await configured(server, token);
    await first.request('onMessage', text('Hello'));
    const again = await configured(server, token);
    expect(again.session.newSession).toBe(false);
    expect(server.sessions()).toHaveLength(1);
    const fresh = await configured(server, token, { startNew: true });
    expect(fresh.session.newSession).toBe(true);
    expect(server.sessions()).toHaveLength(2);
    expect(server.messages(token)).toEqual([]);
  });

  it('rejects every other action before the session is configured with 4007', async () => {
    const server = await start();
    const guest = await connect(server);
    for (const action of ['onMessage', 'echo', 'getJwt', 'onAttachment', 'closeSession']) {
      expect(await guest.request(action, text('hi'))).toMatchObject({ type: 'response', class: 'string', code: 4007 });
    }
  });

  it('needs token and deploymentId (4020) and refuses another deployment (400)', async () => {
    const server = await start();
    const guest = await connect(server);
    expect(await guest.request('configureSession', {})).toMatchObject({ class: 'string', code: 4020 });
    expect(await guest.request('configureSession', { deploymentId: 'another' })).toMatchObject({ class: 'string', code: 400 });
  });
});

describe('genesys-messaging server: closeSession, clear and expiry', () => {
  it('closeSession answers connected:false, sends ConnectionClosedEvent to the other sockets, and startNew begins again', async () => {
    const server = await start();
    const token = randomUUID();
    const tab1 = await configured(server, token);
    const tab2 = await configured(server, token);
    const reply = await tab1.request('closeSession', { closeAllConnections: true });
    expect(reply).toMatchObject({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: false } });
    expect(await tab2.next((frame) => frame.class === 'ConnectionClosedEvent')).toEqual({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} });
    expect(await tab1.request('onMessage', text('still there?'))).toMatchObject({ class: 'string', code: 4007 });
    const next = await tab1.request('configureSession', { deploymentId: server.deploymentId, startNew: true });
    expect(next.body).toMatchObject({ connected: true, newSession: true, readOnly: false });
  });

  it('a Clear event answers echo, SessionClearedEvent, ConnectionClosedEvent, and the token then gets a new session', async () => {
    const server = await start();
    const guest = await configured(server);
    guest.send({ action: 'onMessage', token: guest.token, tracingId: 'clear-1', message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    await guest.next((frame) => frame.class === 'ConnectionClosedEvent');
    expect(guest.frames.map((frame) => [frame.class, frame.body.direction ?? ''])).toEqual([
      ['SessionResponse', ''],
      ['StructuredMessage', 'Inbound'],
      ['SessionClearedEvent', ''],
      ['ConnectionClosedEvent', ''],
    ]);
    const again = await configured(server, guest.token);
    expect(again.session.newSession).toBe(true);
  });

  it('answers a Clear with 403 when the deployment disables clearing', async () => {
    const server = await start({ settings: { clearEnabled: false } });
    const guest = await configured(server);
    const reply = await guest.request('onMessage', { message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    expect(reply).toEqual({ type: 'response', class: 'string', code: 403, tracingId: expect.any(String), body: 'Presence events Conversation Clear are not supported' });
  });

  it('pushes SessionExpiredEvent when forced from the control API, and the token then starts over', async () => {
    const server = await start();
    const guest = await configured(server);
    expect((await control(server, `/sessions/${guest.token}/expire`, {})).status).toBe(200);
    expect(await guest.next((frame) => frame.class === 'SessionExpiredEvent')).toEqual({ type: 'message', class: 'SessionExpiredEvent', code: 200, body: {} });
    expect(await guest.request('onMessage', text('late'))).toMatchObject({ class: 'SessionExpiredEvent', code: 200 });
    expect((await configured(server, guest.token)).session.newSession).toBe(true);
  });

  it('expires a session after durationSeconds without activity, and a message pushes the expiry back', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const server = await start({ now: () => clock, settings: { durationSeconds: 60 } });
    const guest = await configured(server);
    clock += 50_000;
    const echo = await guest.request('onMessage', text('still here'));
    expect(echo.class).toBe('StructuredMessage');
    clock += 50_000;
    expect((await guest.request('echo', text('ping'))).body.metadata.expirationDate).toBe(String(Date.parse('2026-01-01T00:01:50Z') / 1000));
    clock += 11_000;
    expect(await guest.request('echo', text('ping'))).toMatchObject({ class: 'SessionExpiredEvent' });
    await until(() => server.sessions()[0].expired, 1000, 'expired in the list');
  });
});
