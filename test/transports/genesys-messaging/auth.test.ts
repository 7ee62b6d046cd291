/**
 * Authenticated messaging (§2.9) through the `auth` option (the site's token provider): the JWT goes as
 * `configureAuthenticatedSession`'s `data.code` on every (re)connect; a refused JWT (401) is fetched
 * again once; still refused, the connect fails with an `auth` error.
 */
import { describe, expect, it } from 'vitest';
import type { GenesysMessagingServer } from '../../../servers/genesys-messaging/index.js';
import { until } from '../../helpers/node-env';
import { onlySession, open, startServer } from './setup';

/** What the site's backend does: exchange the visitor's OAuth code for a Genesys JWT. */
async function jwtFor(server: GenesysMessagingServer, code: string): Promise<string> {
  const answer = await fetch(`${server.apiUrl}/api/v2/webdeployments/token/oauthcodegrantjwtexchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deploymentId: server.deploymentId, oauth: { code } }),
  });
  return (await answer.json()).jwt;
}

describe('genesys-messaging: authenticated messaging', () => {
  it("configures an authenticated session with the site's JWT, also after a reconnect", async () => {
    const server = await startServer({ settings: { authEnabled: true } });
    let asked = 0;
    const auth = async () => {
      asked++;
      return { access_token: await jwtFor(server, 'alice'), expires_in: 3600 };
    };
    const { transport, heard } = open(server, { auth });
    await transport.connect({ visitorId: 'v1' });
    expect(await onlySession(server)).toMatchObject({ user: 'user:alice' });
    await transport.send({ clientId: 'c1', text: 'signed in' });

    const before = heard.of('link').length;
    server.dropSockets();
    await until(() => heard.of('link').slice(before).includes('down') && heard.of('link').at(-1) === 'live', 5000, 'live again');
    await transport.send({ clientId: 'c2', text: 'still signed in' });
    expect(server.sessions()).toHaveLength(1);
    expect(server.messages(server.sessions()[0]!.id).map((message: { text?: string }) => message.text)).toEqual(['signed in', 'still signed in']);
    expect(asked).toBe(1);
  });

  it('fetches a fresh JWT after a 401 and connects; a JWT refused twice fails the connect with auth', async () => {
    const server = await startServer({ settings: { authEnabled: true } });
    const handed: string[] = [];
    const stale = async () => {
      const jwt = handed.length ? await jwtFor(server, 'alice') : 'eyJhbGciOiJIUzI1NiJ9.e30.expired';
      handed.push(jwt);
      return { access_token: jwt };
    };
    const { transport } = open(server, { auth: stale });
    await transport.connect({ visitorId: 'v1' });
    expect(handed).toHaveLength(2);
    expect(await onlySession(server)).toMatchObject({ user: 'user:alice' });

    const forged = open(server, { auth: async () => ({ access_token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' }) }).transport;
    await expect(forged.connect({ visitorId: 'v2' })).rejects.toMatchObject({ code: 'auth', status: 401, message: 'genesys-messaging: 401: User is unauthorized' });
    expect(server.sessions()).toHaveLength(1);
  });

  it('refuses an auth option that is neither a function nor { tokenUrl } with a config error', async () => {
    const server = await startServer();
    expect(() => open(server, { auth: 'secret' as never })).toThrow(expect.objectContaining({ code: 'config', message: 'genesys-messaging: "auth" must be a function or { tokenUrl }' }));
  });
});
