/**
 * Contract: the official Genesys guest chat SDK (purecloud-guest-chat-client 13.2.0, Node) against the
 * local Genesys server, for every REST operation Parley's transport uses (and the rest of the API).
 * The SDK must accept each answer, the answer must fit the model (shared/protocols/genesys.md §5/§6,
 * see genesys-models.ts), and the server must have received exactly what §12.2 says the SDK sends.
 */
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { problems } from './genesys-models';
import { B, CREATE, rejection, useSdk, type Extended } from './genesys-sdk';

const sdk = useSdk();
const { newClient, newChat, attachStream, seen, frameOf } = sdk;

describe('create conversation (postWebchatGuestConversations)', () => {
  it('answers id, jwt, an eventStreamUri with the JWT and the guest member id, to an unauthenticated request', async () => {
    const { api } = newClient();
    const res = await api.postWebchatGuestConversations(CREATE);
    expect(problems('CreateWebChatConversationResponse', res)).toEqual([]);
    expect(Object.keys(res).sort()).toEqual(['eventStreamUri', 'id', 'jwt', 'member']);
    expect(res.member).toEqual({ id: expect.any(String) });
    expect(res.eventStreamUri).toBe(`ws://127.0.0.1:${sdk.server.port}/chat/jwt/${res.jwt}`);

    const req = seen('POST', B);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['user-agent']).toMatch(/^axios\//);
    // Serialised verbatim (§12.2).
    expect(req.body).toBe(JSON.stringify(CREATE));
  });

  it('signs an RS256 guest JWT with the payload shape and lifetime of real tokens', async () => {
    const { api } = newClient();
    const res = await api.postWebchatGuestConversations(CREATE);
    const [header, payload] = res.jwt.split('.').slice(0, 2).map((p: string) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toEqual({
      data: { conv: res.id, did: 'dep-1', sub: res.member.id },
      exp: payload.iat + 79_200,
      iat: expect.any(Number),
      iss: 'urn:purecloud:webchat',
      org: 'org-1',
    });
  });

  it('accepts targetType in lower case, as real clients send it', async () => {
    const { api } = newClient();
    const res = await api.postWebchatGuestConversations({ ...CREATE, routingTarget: { targetType: 'queue', targetAddress: 'Chat Queue' } });
    expect(res.id).toEqual(expect.any(String));
  });

  it.each([
    [{ ...CREATE, memberInfo: {} }, 'chat.error.notnull.createconversationrequest.memberinfo.displayname'],
    [{ ...CREATE, routingTarget: undefined }, 'chat.error.notnull.createconversationrequest.routingtarget'],
    [{ ...CREATE, routingTarget: { targetType: 'SKILL', targetAddress: 'x' } }, 'chat.error.createconversationrequest.routingtarget'],
    [{ ...CREATE, deploymentId: '' }, 'chat.error.pattern.createconversationrequest.deploymentid'],
  ])('refuses a create request missing what it needs (%#) with an ErrorBody', async (body, code) => {
    const { api } = newClient();
    const err = await rejection(api.postWebchatGuestConversations(body));
    expect(problems('ErrorBody', err)).toEqual([]);
    expect(err).toMatchObject({ status: 400, code });
  });
});

describe('the JWT on every other call', () => {
  it('is sent as "Authorization: Bearer <jwt>" once the header workaround is applied', async () => {
    const chat = await newChat();
    await chat.api.getWebchatGuestConversationMember(chat.id, chat.memberId);
    expect(seen('GET', `${B}/${chat.id}/members/${chat.memberId}`).headers.authorization).toBe(`Bearer ${chat.jwt}`);
  });

  it('is replaced by "[REDACTED]" without the workaround (SDK bug §12.3), which the server refuses with 401', async () => {
    const { client, api } = newClient();
    const created = await api.postWebchatGuestConversations(CREATE);
    client.setJwt(created.jwt);
    const err = await rejection(api.getWebchatGuestConversationMember(created.id, created.member.id));
    expect(seen('GET', `${B}/${created.id}/members/${created.member.id}`).headers.authorization).toBe('[REDACTED]');
    expect(err).toMatchObject({ status: 401, code: 'bad.credentials' });
  });

  it('is refused when missing, malformed, for another conversation, or expired', async () => {
    const a = await newChat(false);
    const b = await newChat(false);
    const url = `${sdk.server.apiUrl}${B}/${a.id}/members/${a.memberId}`;
    const get = async (authorization?: string) => {
      const res = await fetch(url, { headers: authorization ? { authorization } : {} });
      return { status: res.status, body: await res.json() };
    };
    expect(await get()).toMatchObject({ status: 401, body: { code: 'authentication.required' } });
    expect(await get(`Bearer ${a.jwt}x`)).toMatchObject({ status: 401, body: { code: 'bad.credentials' } });
    expect(await get(`Bearer ${b.jwt}`)).toMatchObject({ status: 403, body: { code: 'not.authorized' } });
    // The scheme word is case-insensitive (go-gcloudcx sends "bearer").
    expect(await get(`bearer ${a.jwt}`)).toMatchObject({ status: 200 });
    sdk.server.expireJwt(a.id);
    const expired = await get(`Bearer ${a.jwt}`);
    expect(expired).toMatchObject({ status: 401, body: { code: 'credentials.expired' } });
    expect(problems('ErrorBody', expired.body)).toEqual([]);
  });
});

describe('routing waits for the event stream', () => {
  it('refuses messages until the stream is attached, then routes the chat', async () => {
    const chat = await newChat(false);
    const err = await rejection(chat.api.postWebchatGuestConversationMemberMessages(chat.id, chat.memberId, { body: 'too early' }));
    expect(err).toMatchObject({ status: 400, code: 'chat.error.conversation.state' });
    expect(sdk.server.conversations().find((c) => c.id === chat.id)?.routed).toBe(false);

    await attachStream(chat);
    const joined = await frameOf(chat, (f) => f.metadata?.type === 'member-change' && f.eventBody.member.id === chat.memberId, 'guest CONNECTED');
    expect(joined).toEqual({
      topicName: `v2.conversations.chats.${chat.id}.members`,
      version: '2',
      eventBody: { conversation: { id: chat.id }, member: { id: chat.memberId, state: 'CONNECTED' }, timestamp: expect.any(String) },
      metadata: { CorrelationId: expect.any(String), type: 'member-change' },
    });
    const sent = await chat.api.postWebchatGuestConversationMemberMessages(chat.id, chat.memberId, { body: 'now' });
    expect(sent.body).toBe('now');
  });
});

describe('send message (postWebchatGuestConversationMemberMessages)', () => {
  it('sends body and bodyType, answers a WebChatMessage whose sender is only an id, and echoes it on the stream', async () => {
    const chat = await newChat();
    const msg = await chat.api.postWebchatGuestConversationMemberMessages(chat.id, chat.memberId, { body: 'hello', bodyType: 'standard' });
    expect(problems('WebChatMessage', msg)).toEqual([]);
    expect(msg).toMatchObject({ body: 'hello', bodyType: 'standard', sender: { id: chat.memberId }, conversation: { id: chat.id } });
    expect(msg.sender).toEqual({ id: chat.memberId });

    const req = seen('POST', `${B}/${chat.id}/members/${chat.memberId}/messages`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe(`Bearer ${chat.jwt}`);
    expect(req.body).toBe('{"body":"hello","bodyType":"standard"}');

    const echo = await frameOf(chat, (f) => f.eventBody?.id === msg.id, 'the echo');
    expect(echo).toEqual({
      topicName: `v2.conversations.chats.${chat.id}.messages`,
      version: '2',
      eventBody: { id: msg.id, conversation: { id: chat.id }, sender: { id: chat.memberId }, body: 'hello', bodyType: 'standard', timestamp: msg.timestamp },
      metadata: { CorrelationId: expect.any(String), type: 'message' },
    });
  });

  it('stores a message sent without bodyType as standard', async () => {
    const chat = await newChat();
    const msg = await chat.api.postWebchatGuestConversationMemberMessages(chat.id, chat.memberId, { body: 'hi' });
    expect(seen('POST', `${B}/${chat.id}/members/${chat.memberId}/messages`).body).toBe('{"body":"hi"}');
    expect(msg.bodyType).toBe('standard');
  });

  it('refuses a null body and one over 4,000 characters', async () => {
    const chat = await newChat();
    const send = (body: object) => rejection(chat.api.postWebchatGuestConversationMemberMessages(chat.id, chat.memberId, body));
    expect(await send({ body: null })).toMatchObject({ status: 400, code: 'chat.error.notnull.createconversationmessagerequest.body' });
    expect(await send({ body: 'x'.repeat(4001) })).toMatchObject({ status: 400, code: 'constraint.validation' });
  });

  it('lets the guest write only as itself', async () => {
    const chat = await newChat();
    const agent = sdk.server.agent.join(chat.id, { name: 'Alex' });
    const err = await rejection(chat.api.postWebchatGuestConversationMemberMessages(chat.id, String(agent.id), { body: 'x' }));
    expect(err).toMatchObject({ status: 403, code: 'not.authorized' });
  });
});

describe('typing (postWebchatGuestConversationMemberTyping)', () => {
  it('posts an empty JSON request, answers a WebChatTyping and echoes a typing-indicator', async () => {
    const chat = await newChat();
    const typing = await chat.api.postWebchatGuestConversationMemberTyping(chat.id, chat.memberId);
    expect(problems('WebChatTyping', typing)).toEqual([]);
    expect(typing.sender).toEqual({ id: chat.memberId });

    const req = seen('POST', `${B}/${chat.id}/members/${chat.memberId}/typing`);
    expect(req.headers['content-length']).toBe('0');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toBe('');

    const echo = await frameOf(chat, (f) => f.metadata?.type === 'typing-indicator', 'typing echo');
    expect(echo.topicName).toBe(`v2.conversations.chats.${chat.id}.messages`);
    expect(echo.eventBody).toEqual({ id: typing.id, conversation: { id: chat.id }, sender: { id: chat.memberId }, timestamp: typing.timestamp });
  });
});

describe('get messages (getWebchatGuestConversationMessages)', () => {
  async function chatWithMessages(n: number) {
    const chat = await newChat();
    sdk.server.agent.join(chat.id, { name: 'Alex' });
    const ids = [];
    for (let i = 1; i <= n; i++) ids.push(String(sdk.server.agent.say(chat.id, `m${i}`).id));
    sdk.server.clearRequests();
    return { chat, ids };
  }

  it('sends unset options as empty values and answers everything oldest first', async () => {
    const { chat, ids } = await chatWithMessages(3);
    const list = await chat.api.getWebchatGuestConversationMessages(chat.id);
    expect(seen('GET', `${B}/${chat.id}/messages`).url).toBe(`${B}/${chat.id}/messages?after=&before=&sortOrder=&maxResults=`);
    expect(problems('WebChatMessageEntityList', list)).toEqual([]);
    const standard = list.entities.filter((m: any) => m.bodyType === 'standard');
    expect(standard.map((m: any) => m.id)).toEqual(ids);
    // The join notices are messages too: guest first, then the agent.
    expect(list.entities.slice(0, 2).map((m: any) => m.bodyType)).toEqual(['member-join', 'member-join']);
  });

  it('pages after a message id, ascending', async () => {
    const { chat, ids } = await chatWithMessages(5);
    const list = await chat.api.getWebchatGuestConversationMessages(chat.id, { after: ids[1], maxResults: 2 });
    expect(seen('GET', `${B}/${chat.id}/messages`).url).toBe(`${B}/${chat.id}/messages?after=${ids[1]}&before=&sortOrder=&maxResults=2`);
    expect(list.entities.map((m: any) => m.body)).toEqual(['m3', 'm4']);
    expect(list.pageSize).toBe(2);
  });

  it('pages before a message id, newest first', async () => {
    const { chat, ids } = await chatWithMessages(5);
    const list = await chat.api.getWebchatGuestConversationMessages(chat.id, { before: ids[3], sortOrder: 'descending', maxResults: 2 });
    expect(seen('GET', `${B}/${chat.id}/messages`).url).toBe(`${B}/${chat.id}/messages?after=&before=${ids[3]}&sortOrder=descending&maxResults=2`);
    expect(list.entities.map((m: any) => m.body)).toEqual(['m3', 'm2']);
  });

  it('caps maxResults at 100', async () => {
    const { chat } = await chatWithMessages(105);
    const list = await chat.api.getWebchatGuestConversationMessages(chat.id, { maxResults: 500 });
    expect(list.entities).toHaveLength(100);
  });

  it('gets one message by id (getWebchatGuestConversationMessage)', async () => {
    const { chat, ids } = await chatWithMessages(2);
    const msg = await chat.api.getWebchatGuestConversationMessage(chat.id, ids[1]);
    expect(problems('WebChatMessage', msg)).toEqual([]);
    expect(msg.body).toBe('m2');
    const err = await rejection(chat.api.getWebchatGuestConversationMessage(chat.id, 'nope'));
    expect(err).toMatchObject({ status: 404, code: 'chat.error.not.found' });
  });
});

describe('members (getWebchatGuestConversationMember / Members)', () => {
  it('tells name, role and state of a member', async () => {
    const chat = await newChat();
    const agent = sdk.server.agent.join(chat.id, { name: 'Alex' });
    const m = await chat.api.getWebchatGuestConversationMember(chat.id, String(agent.id));
    expect(problems('WebChatMemberInfo', m)).toEqual([]);
    expect(m).toMatchObject({ id: agent.id, displayName: 'Alex', role: 'AGENT', state: 'CONNECTED' });
    const me = await chat.api.getWebchatGuestConversationMember(chat.id, chat.memberId);
    expect(me).toMatchObject({ displayName: 'Jane', role: 'CUSTOMER', state: 'CONNECTED', customFields: { ticket: '42' } });
  });

  it('lists members with empty paging values and can leave out the disconnected ones', async () => {
    const chat = await newChat();
    sdk.server.agent.join(chat.id, { name: 'Alex' });
    const all = await chat.api.getWebchatGuestConversationMembers(chat.id);
    expect(problems('WebChatMemberInfoEntityList', all)).toEqual([]);
    // Guest, the ACD placeholder (now DISCONNECTED) and the agent.
    expect(all.entities.map((m: any) => `${m.role}:${m.state}`)).toEqual(['CUSTOMER:CONNECTED', 'ACD:DISCONNECTED', 'AGENT:CONNECTED']);
    expect(all).toMatchObject({ pageSize: 25, pageNumber: 1, total: 3, pageCount: 1 });

    sdk.server.clearRequests();
    const active = await chat.api.getWebchatGuestConversationMembers(chat.id, { excludeDisconnectedMembers: true });
    expect(seen('GET', `${B}/${chat.id}/members`).url).toBe(`${B}/${chat.id}/members?pageSize=&pageNumber=&excludeDisconnectedMembers=true`);
    expect(active.entities.map((m: any) => m.role)).toEqual(['CUSTOMER', 'AGENT']);

    const page2 = await chat.api.getWebchatGuestConversationMembers(chat.id, { pageSize: 2, pageNumber: 2 });
    expect(page2).toMatchObject({ pageSize: 2, pageNumber: 2, total: 3, pageCount: 2 });
    expect(page2.entities).toHaveLength(1);
    expect(problems('WebChatMemberInfoEntityList', page2)).toEqual([]);
  });
});

describe('leave (deleteWebchatGuestConversationMember)', () => {
  it('answers 204, disconnects the guest on the stream, and every later call gets chat.error.conversation.state', async () => {
    const chat = await newChat();
    chat.client.setReturnExtendedResponses(true);
    const res = (await chat.api.deleteWebchatGuestConversationMember(chat.id, chat.memberId)) as Extended;
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect(seen('DELETE', `${B}/${chat.id}/members/${chat.memberId}`).headers.authorization).toBe(`Bearer ${chat.jwt}`);
    await frameOf(chat, (f) => f.eventBody?.member?.id === chat.memberId && f.eventBody.member.state === 'DISCONNECTED', 'guest DISCONNECTED');

    chat.client.setReturnExtendedResponses(false);
    const err = await rejection(chat.api.getWebchatGuestConversationMessages(chat.id));
    expect(err).toMatchObject({ status: 400, code: 'chat.error.conversation.state' });
    expect(problems('ErrorBody', err)).toEqual([]);
    const again = await rejection(chat.api.deleteWebchatGuestConversationMember(chat.id, chat.memberId));
    expect(again).toMatchObject({ status: 400, code: 'chat.error.conversation.state' });
  });

  it('resolves undefined in plain mode', async () => {
    const chat = await newChat();
    expect(await chat.api.deleteWebchatGuestConversationMember(chat.id, chat.memberId)).toBeUndefined();
  });
});

describe('media requests', () => {
  it('lists, reads and answers a co-browse request', async () => {
    const chat = await newChat();
    sdk.server.agent.join(chat.id, { name: 'Alex' });
    const made = sdk.server.agent.requestMedia(chat.id, ['COBROWSE']);
    const list = await chat.api.getWebchatGuestConversationMediarequests(chat.id);
    expect(problems('WebChatGuestMediaRequestEntityList', list)).toEqual([]);
    expect(list.entities.map((r: any) => r.id)).toEqual([made.id]);
    const one = await chat.api.getWebchatGuestConversationMediarequest(chat.id, made.id);
    expect(problems('WebChatGuestMediaRequest', one)).toEqual([]);
    const answered = await chat.api.patchWebchatGuestConversationMediarequest(chat.id, made.id, { types: ['COBROWSE'], state: 'DECLINED' });
    expect(answered.state).toBe('DECLINED');
    expect(JSON.parse(seen('PATCH', `${B}/${chat.id}/mediarequests/${made.id}`).body)).toEqual({ types: ['COBROWSE'], state: 'DECLINED' });
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After and a too.many.requests ErrorBody', async () => {
    const chat = await newChat();
    chat.client.setReturnExtendedResponses(true);
    sdk.server.rateLimitNext(1, 7);
    const err = (await rejection(chat.api.postWebchatGuestConversationMemberMessages(chat.id, chat.memberId, { body: 'x' }))) as Extended;
    expect(err.status).toBe(429);
    expect(err.headers['retry-after']).toBe('7');
    expect(problems('ErrorBody', err.body)).toEqual([]);
    expect(err.body).toMatchObject({ status: 429, code: 'too.many.requests.retry.after', message: 'Retry the request in [7] seconds', limit: { namespace: 'webchat' } });
    // Only the next one.
    expect((await chat.api.postWebchatGuestConversationMemberMessages(chat.id, chat.memberId, { body: 'y' }) as Extended).status).toBe(200);
  });
});

describe('the event stream', () => {
  it('sends channel.metadata heartbeats on the set interval and never expects anything from the client', async () => {
    const chat = await newChat();
    sdk.server.setHeartbeatInterval(20);
    try {
      const beat = await frameOf(chat, (f) => f.topicName === 'channel.metadata', 'a heartbeat');
      expect(beat).toEqual({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
    } finally {
      sdk.server.setHeartbeatInterval(60_000);
    }
    expect(sdk.server.conversations().find((c) => c.id === chat.id)?.clientFrames).toBe(0);
  });

  it('refuses a stream whose JWT is bad or expired', async () => {
    const chat = await newChat(false);
    sdk.server.expireJwt(chat.id);
    const status = await new Promise((resolve) => {
      const ws = new WebSocket(chat.eventStreamUri);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('error', () => {});
    });
    expect(status).toBe(401);
  });
});

