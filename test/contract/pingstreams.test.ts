/**
 * Contract: the official Tiledesk Node client (@tiledesk/tiledesk-client 0.10.13) against the local
 * Pingstreams server. Each call must get the answer the client expects, and the server must have
 * received exactly what shared/protocols/pingstreams.md §9.3 says the client sends.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPingstreamsServer, type PingstreamsServer } from '../../servers/pingstreams/index.js';

type Callback = (err: unknown, result?: any) => void;
interface Client {
  sendSupportMessage(requestId: string, message: Record<string, unknown>): Promise<any>;
  getRequestById(requestId: string): Promise<any>;
  getAllRequests(query: Record<string, unknown>, cb: Callback): void;
  updateProjectUserCurrentlyLoggedIn(props: Record<string, unknown>, cb: Callback): void;
  getProjectUser(userId: string, cb: Callback): void;
  getProjectAvailableAgents(): Promise<any>;
  closeRequest(requestId: string): Promise<any>;
}
interface ClientClass {
  new (o: { APIKEY: string; APIURL: string; projectId: string; token: string }): Client;
  newRequestId(projectId: string): string;
  anonymousAuthentication(projectId: string, apikey: string, options: { APIURL: string }, cb: Callback): void;
  customAuthentication(token: string, apikey: string, options: { APIURL: string }, cb: Callback): void;
  authEmailPassword(apikey: string, email: string, password: string, options: { APIURL: string }, cb: Callback): void;
}
const { TiledeskClient } = createRequire(import.meta.url)('@tiledesk/tiledesk-client') as { TiledeskClient: ClientClass };

/** Runs a callback-style client method as a promise. */
const call = <T = any>(fn: (cb: Callback) => void) =>
  new Promise<T>((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));
/** The HTTP status of a client failure (an axios error). */
const statusOf = (err: any): number | undefined => err?.response?.status;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: PingstreamsServer;
let APIURL: string;
let pid: string;
let agentToken: string;
let agentId: string;

const lastSeen = (method: string, path: string) => {
  const hit = server.seen().filter((s) => s.method === method && s.path === path).pop();
  if (!hit) throw new Error(`server never saw ${method} ${path}`);
  return hit;
};
const anonymous = () => call((cb) => TiledeskClient.anonymousAuthentication(pid, 'unused', { APIURL }, cb));
const clientFor = (token: string) => new TiledeskClient({ APIKEY: 'unused', APIURL, projectId: pid, token });
const agentCreds = () => server.users.find((u) => u.role === 'agent')!;

beforeAll(async () => {
  server = await startPingstreamsServer();
  APIURL = server.apiUrl;
  pid = server.projectId;
  const { email, password } = agentCreds();
  const res = await call((cb) => TiledeskClient.authEmailPassword('unused', email, password, { APIURL }, cb));
  agentToken = res.token;
  agentId = res.user._id;
});
afterAll(() => server.stop());

describe('authentication with the official client', () => {
  it('signs a visitor in anonymously with only the project id on the wire', async () => {
    const res = await anonymous();
    expect(res.success).toBe(true);
    expect(res.token).toMatch(/^JWT [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.user._id).toMatch(UUID);
    expect(res.user.firstname).toMatch(/^guest#/);
    expect(res.user).toMatchObject({ id: res.user._id, fullName: expect.any(String) });
    const seen = lastSeen('POST', '/auth/signinAnonymously');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.body).toEqual({ id_project: pid });
  });

  it('signs a registered user in with e-mail and password', async () => {
    const { email, password } = agentCreds();
    const res = await call((cb) => TiledeskClient.authEmailPassword('unused', email, password, { APIURL }, cb));
    expect(res.success).toBe(true);
    expect(res.token).toMatch(/^JWT /);
    expect(res.user).toMatchObject({ email, firstname: 'Ada', lastname: 'Agent', emailverified: true });
    expect(lastSeen('POST', '/auth/signin').body).toEqual({ email, password });
  });

  it('refuses a wrong password with 401 and the server message', async () => {
    const err = await call((cb) => TiledeskClient.authEmailPassword('unused', agentCreds().email, 'nope', { APIURL }, cb)).catch((e) => e);
    expect(statusOf(err)).toBe(401);
    expect(err.response.data).toEqual({ success: false, msg: 'Authentication failed. Wrong password.' });
  });

  it('accepts a custom visitor JWT and echoes it back as the session token', async () => {
    const jwt = server.mintToken({ _id: 'site-user-42', firstname: 'Sam', lastname: 'Site', email: 'sam@site.test' }, { expiresInSec: 600 });
    const res = await call((cb) => TiledeskClient.customAuthentication(jwt, 'unused', { APIURL }, cb));
    expect(res.token).toBe('JWT ' + jwt);
    expect(res.user).toMatchObject({ _id: 'site-user-42', id: 'site-user-42', fullName: 'Sam Site', sub: 'userexternal' });
    const seen = lastSeen('POST', '/auth/signinWithCustomToken');
    expect(seen.headers.authorization).toBe('JWT ' + jwt);
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen.headers['content-length']).toBe('0');
    expect(seen.raw).toBe('');
  });

  it('rejects an expired custom JWT with plain-text 401', async () => {
    const jwt = server.mintToken({ _id: 'late-user' }, { expiresInSec: -5 });
    const err = await call((cb) => TiledeskClient.customAuthentication(jwt, 'unused', { APIURL }, cb)).catch((e) => e);
    expect(statusOf(err)).toBe(401);
    expect(err.response.data).toBe('Unauthorized');
  });

  it('requires an audience on custom JWTs (400)', async () => {
    const jwt = server.mintToken({ _id: 'no-aud', aud: undefined });
    const err = await call((cb) => TiledeskClient.customAuthentication(jwt, 'unused', { APIURL }, cb)).catch((e) => e);
    expect(statusOf(err)).toBe(400);
    expect(err.response.data).toEqual({ success: false, msg: 'JWT Aud field is required' });
  });
});

describe('conversations with the official client', () => {
  it('builds request ids in the support-group format', () => {
    const rid = TiledeskClient.newRequestId(pid);
    expect(rid).toMatch(new RegExp(`^support-group-${pid}-[0-9a-f]{32}$`));
    expect(TiledeskClient.newRequestId(pid)).not.toBe(rid);
  });

  it('creates the request with the first support message and returns the saved message', async () => {
    const visitor = await anonymous();
    const rid = TiledeskClient.newRequestId(pid);
    const msg = await clientFor(visitor.token).sendSupportMessage(rid, { text: 'hello', senderFullname: 'Ann', attributes: { a: 1 } });
    expect(msg).toMatchObject({ sender: visitor.user._id, senderFullname: 'Ann', recipient: rid, text: 'hello', type: 'text', status: 0 });
    expect(msg._id).toMatch(/^[0-9a-f]{24}$/);
    expect(msg.request).toMatchObject({ request_id: rid, first_text: 'hello', attributes: { a: 1 } });
    const seen = lastSeen('POST', `/${pid}/requests/${rid}/messages`);
    expect(seen.headers.authorization).toBe(visitor.token);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.body).toEqual({ text: 'hello', senderFullname: 'Ann', attributes: { a: 1 } });
    expect(server.messages(rid).map((m) => m.text)).toEqual(['hello']);
  });

  it('answers 422 when the first message of a request has no text', async () => {
    const visitor = await anonymous();
    const err = await clientFor(visitor.token).sendSupportMessage(TiledeskClient.newRequestId(pid), { senderFullname: 'Ann' }).catch((e) => e);
    expect(statusOf(err)).toBe(422);
    expect(err.response.data).toEqual({ errors: ['text field is required'] });
  });

  it('gets a request by id as an agent, null when missing, 403 for a visitor', async () => {
    const visitor = await anonymous();
    const rid = TiledeskClient.newRequestId(pid);
    await clientFor(visitor.token).sendSupportMessage(rid, { text: 'need help' });
    const agent = clientFor(agentToken);
    const req = await agent.getRequestById(rid);
    expect(req).toMatchObject({ request_id: rid, first_text: 'need help', status: 200, participants: [agentId] });
    expect(req.requester).toMatchObject({ uuid_user: visitor.user._id, role: 'guest' });
    expect(lastSeen('GET', `/${pid}/requests/${rid}`).headers.authorization).toBe(agentToken);
    expect(await agent.getRequestById(TiledeskClient.newRequestId(pid))).toBeNull();
    const err = await clientFor(visitor.token).getRequestById(rid).catch((e) => e);
    expect(statusOf(err)).toBe(403);
    expect(err.response.data).toEqual({ success: false, msg: 'you dont have the required role.' });
  });

  it('lists requests with query parameters as an agent', async () => {
    const visitor = await anonymous();
    await clientFor(visitor.token).sendSupportMessage(TiledeskClient.newRequestId(pid), { text: 'listed' });
    const res = await call((cb) => clientFor(agentToken).getAllRequests({ limit: 1, status: 200 }, cb));
    expect(res.perPage).toBe(1);
    expect(res.count).toBeGreaterThanOrEqual(1);
    expect(res.requests).toHaveLength(1);
    expect(res.requests[0].status).toBe(200);
    expect(lastSeen('GET', `/${pid}/requests?limit=1&status=200`).body).toBeUndefined();
  });

  it('closes a request as its agent', async () => {
    const visitor = await anonymous();
    const rid = TiledeskClient.newRequestId(pid);
    await clientFor(visitor.token).sendSupportMessage(rid, { text: 'bye' });
    const closed = await clientFor(agentToken).closeRequest(rid);
    expect(closed).toMatchObject({ request_id: rid, status: 1000, closed_by: agentId });
    expect(lastSeen('PUT', `/${pid}/requests/${rid}/close`).body).toEqual({});
  });
});

describe('teammate availability with the official client', () => {
  it('lets the agent go unavailable and available, and visitors see it in the available agents', async () => {
    const agent = clientFor(agentToken);
    const off = await call((cb) => agent.updateProjectUserCurrentlyLoggedIn({ user_available: false }, cb));
    expect(off).toMatchObject({ id_user: agentId, user_available: false });
    expect(lastSeen('PUT', `/${pid}/project_users/`).body).toEqual({ user_available: false });

    const visitor = await anonymous();
    expect(await clientFor(visitor.token).getProjectAvailableAgents()).toEqual([]);
    const rid = TiledeskClient.newRequestId(pid);
    const msg = await clientFor(visitor.token).sendSupportMessage(rid, { text: 'anyone?' });
    expect(msg.request.status).toBe(100);

    await call((cb) => agent.updateProjectUserCurrentlyLoggedIn({ user_available: true }, cb));
    const avail = await clientFor(visitor.token).getProjectAvailableAgents();
    expect(avail).toEqual([{ id: agentId, pu_id: expect.any(String), fullname: 'Ada Agent', email: agentCreds().email, assigned_request: 0 }]);

    const pu = await call((cb) => agent.getProjectUser(agentId, cb));
    expect(pu).toHaveLength(1);
    expect(pu[0]).toMatchObject({ id_user: agentId, user_available: true, isBusy: false, role: 'agent' });
  });

  it('refuses availability changes from a visitor', async () => {
    const visitor = await anonymous();
    const err = await call((cb) => clientFor(visitor.token).updateProjectUserCurrentlyLoggedIn({ user_available: true }, cb)).catch((e) => e);
    expect(statusOf(err)).toBe(403);
    expect(err.response.data).toEqual({ success: false, msg: 'you dont have the required role.' });
  });
});
