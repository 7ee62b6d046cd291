// Authenticated messaging on the local Web Messaging server (protocols/genesys-webmessaging.md §2.9): the
// code exchange hands out a JWT, configureAuthenticatedSession takes it as data.code, a bad JWT gets 401
// "User is unauthorized", and a token that was authenticated cannot be configured as a guest (4017).
import { describe, expect, it } from 'vitest';
import { connect, start } from './fixture';

/** The JWT the code exchange gives for an OAuth `code`. */
async function exchange(url: string, deploymentId: string, code: string) {
  const answer = await fetch(`${url}/api/v2/webdeployments/token/oauthcodegrantjwtexchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deploymentId, oauth: { code, redirectUri: 'http://127.0.0.1/callback' } }),
  });
  return { status: answer.status, body: await answer.json() };
}

describe('genesys-messaging server: authenticated messaging', () => {
  it('exchanges a code for a JWT that configureAuthenticatedSession takes; the session belongs to that user', async () => {
    const server = await start({ settings: { authEnabled: true } });
    const { status, body } = await exchange(server.url, server.deploymentId, 'alice-code');
    expect(status).toBe(200);
    expect(body).toEqual({ jwt: expect.stringMatching(/^eyJ/), refreshToken: expect.any(String) });
    const guest = await connect(server);
    const answer = await guest.request('configureAuthenticatedSession', { token: guest.token, deploymentId: server.deploymentId, startNew: false, data: { code: body.jwt } });
    expect(answer).toMatchObject({ class: 'SessionResponse', code: 200, body: { connected: true, newSession: true } });
    expect(server.sessions()[0]).toMatchObject({ token: guest.token, user: 'user:alice-code' });

    // The same token cannot be configured as a guest any more (4017); another user's JWT is refused (401).
    const again = await connect(server, guest.token);
    expect(await again.request('configureSession', { token: guest.token, deploymentId: server.deploymentId })).toMatchObject({ class: 'string', code: 4017 });
    const bob = (await exchange(server.url, server.deploymentId, 'bob-code')).body.jwt;
    expect(await again.request('configureAuthenticatedSession', { token: guest.token, deploymentId: server.deploymentId, data: { code: bob } })).toMatchObject({ class: 'string', code: 401 });
  });

  it('refuses a JWT it did not sign with 401 "User is unauthorized", and answers 4000 where the deployment has no auth', async () => {
    const server = await start({ settings: { authEnabled: true } });
    const guest = await connect(server);
    const refused = await guest.request('configureAuthenticatedSession', { token: guest.token, deploymentId: server.deploymentId, data: { code: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' } });
    expect(refused).toMatchObject({ type: 'response', class: 'string', code: 401, body: 'User is unauthorized' });
    expect(server.sessions()).toEqual([]);

    server.configure({ authEnabled: false });
    const { body } = await exchange(server.url, server.deploymentId, 'alice-code').catch(() => ({ body: {} }));
    expect(body.jwt).toBeUndefined();
    const unavailable = await guest.request('configureAuthenticatedSession', { token: guest.token, deploymentId: server.deploymentId, data: { code: 'x' } });
    expect(unavailable).toMatchObject({ class: 'string', code: 4000 });
  });
});
