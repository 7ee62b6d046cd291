// getJwt, REST history and the deployment config.json of the local Web Messaging server
// (protocols/genesys-webmessaging.md §2.10, §6, §1): bearer JWT, newest-first paging, 401, CORS.
import { describe, expect, it } from 'vitest';
import type { GenesysMessagingServer } from '../../../servers/genesys-messaging/index.js';
import { configured, control, start, text } from './fixture';

const history = (server: GenesysMessagingServer, jwt: string, query = '') =>
  fetch(`${server.apiUrl}/api/v2/webmessaging/messages${query}`, { headers: { Authorization: `bearer ${jwt}`, Origin: 'https://shop.example' } });

describe('genesys-messaging server: getJwt and history', () => {
  it('answers getJwt with JwtResponse, exp in epoch seconds', async () => {
    const server = await start({ jwtTtlSec: 900 });
    const guest = await configured(server);
    const reply = await guest.request('getJwt');
    expect(reply).toEqual({ type: 'response', class: 'JwtResponse', code: 200, tracingId: expect.any(String), body: { jwt: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), exp: expect.any(Number) } });
    const inSeconds = reply.body.exp - Date.now() / 1000;
    expect(inSeconds).toBeGreaterThan(890);
    expect(inSeconds).toBeLessThanOrEqual(900);
  });

  it('serves both sides of the conversation newest first, in pages, with total and pageCount', async () => {
    const server = await start();
    const guest = await configured(server);
    for (const word of ['one', 'two', 'three']) await guest.request('onMessage', text(word));
    server.agent.say(guest.token, 'four', true);
    server.agent.quickReplies(guest.token, 'five', [{ text: 'A', payload: 'a' }], true);
    const { jwt } = (await guest.request('getJwt')).body;

    const all = await (await history(server, jwt)).json();
    expect(all).toMatchObject({ pageSize: 25, pageNumber: 1, total: 5, pageCount: 1 });
    expect(all.entities.map((entity: any) => entity.text)).toEqual(['five', 'four', 'three', 'two', 'one']);
    expect(all.entities[1]).toEqual({
      id: expect.any(String),
      type: 'Text',
      text: 'four',
      direction: 'Outbound',
      originatingEntity: 'Bot',
      channel: { time: expect.any(String), type: 'Private', from: { nickname: 'Bot' }, to: {} },
      metadata: { correlationId: expect.any(String) },
    });
    expect(all.entities[4]).toMatchObject({ text: 'one', direction: 'Inbound', originatingEntity: 'Human', channel: { time: expect.any(String) } });
    expect(all.entities[0].content).toEqual([{ contentType: 'QuickReply', quickReply: { text: 'A', payload: 'a', action: 'Message' } }]);

    const page2 = await (await history(server, jwt, '?pageSize=2&pageNumber=2')).json();
    expect(page2).toMatchObject({ pageSize: 2, pageNumber: 2, total: 5, pageCount: 3 });
    expect(page2.entities.map((entity: any) => entity.text)).toEqual(['three', 'two']);
    const beyond = await (await history(server, jwt, '?pageSize=2&pageNumber=4')).json();
    expect(beyond.entities).toEqual([]);
  });

  it('answers 401 without a valid bearer JWT and once the JWT has expired', async () => {
    const server = await start();
    const guest = await configured(server);
    const { jwt } = (await guest.request('getJwt')).body;
    expect((await fetch(`${server.apiUrl}/api/v2/webmessaging/messages`)).status).toBe(401);
    expect((await history(server, jwt.slice(0, -4) + 'AAAA')).status).toBe(401);
    expect((await history(server, jwt)).status).toBe(200);
    await control(server, `/sessions/${guest.token}/expirejwt`, {});
    const expired = await history(server, jwt);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ status: 401, code: 'credentials.expired' });
  });

  it('a JWT past its exp answers 401', async () => {
    let clock = Date.now();
    const server = await start({ now: () => clock, jwtTtlSec: 60 });
    const guest = await configured(server);
    const { jwt } = (await guest.request('getJwt')).body;
    clock += 61_000;
    expect((await history(server, jwt)).status).toBe(401);
  });

  it('rejects a page size over 100 with 400', async () => {
    const server = await start();
    const guest = await configured(server);
    const { jwt } = (await guest.request('getJwt')).body;
    expect((await history(server, jwt, '?pageSize=500')).status).toBe(400);
  });

  it('answers CORS on history, including the preflight for the Authorization header', async () => {
    const server = await start();
    const guest = await configured(server);
    const { jwt } = (await guest.request('getJwt')).body;
    const preflight = await fetch(`${server.apiUrl}/api/v2/webmessaging/messages`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await history(server, jwt)).headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('genesys-messaging server: the deployment config.json', () => {
  it('serves the Messenger settings with CORS, and 404 for another deployment', async () => {
    const server = await start({ deploymentId: 'dep-1', settings: { autoStart: true, clearEnabled: false, fileTypes: [{ type: 'image/png' }], maxFileSizeKB: 512 } });
    const res = await fetch(`${server.apiUrl}/webdeployments/v1/deployments/dep-1/config.json`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({
      id: 'dep-1',
      apiEndpoint: server.apiUrl,
      status: 'Active',
      auth: { enabled: false, allowSessionUpgrade: false },
      messenger: {
        enabled: true,
        apps: {
          conversations: {
            messagingEndpoint: server.apiUrl.replace('http', 'ws'),
            autoStart: { enabled: true },
            conversationDisconnect: { enabled: true, type: 'ReadOnly' },
            conversationClear: { enabled: false },
            showAgentTypingIndicator: true,
            showUserTypingIndicator: true,
          },
        },
        fileUpload: { modes: [{ fileTypes: ['image/png'], maxFileSizeKB: 512 }] },
      },
    });
    expect((await fetch(`${server.apiUrl}/webdeployments/v1/deployments/dep-2/config.json`)).status).toBe(404);
  });

  it('getConfiguration answers the policy over the socket', async () => {
    const server = await start({ settings: { durationSeconds: 3600 } });
    const guest = await configured(server);
    expect(await guest.request('getConfiguration', { deploymentId: server.deploymentId })).toMatchObject({
      class: 'GetConfigurationResponse',
      body: { maxCustomDataBytes: 2048, allowedMedia: { inbound: { maxFileSizeKB: 10240 } }, blockedExtensions: expect.any(Array), messageRoutingEnabled: true, sessionDurationSeconds: 3600 },
    });
  });
});
