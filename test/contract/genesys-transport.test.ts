/**
 * Contract: Parley's Genesys transport puts on the wire what the official SDK puts there (same methods,
 * paths, auth scheme and bodies), against the same local server (test/contract/genesys.test.ts checks
 * the server against the SDK).
 */
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../servers/genesys/index.js';
import { genesys } from '../../src/transports/genesys/index';
import { nodeEnv, until } from '../helpers/node-env';
import { B, CREATE, useSdk } from './genesys-sdk';

const sdk = useSdk();
const { newClient, newChat } = sdk;

describe("Parley's transport on the same wire", () => {
  /** Method, path with ids as placeholders, auth scheme and JSON body of a recorded request. */
  const shape = (r: RecordedRequest, ids: Record<string, string>) => ({
    method: r.method,
    path: Object.entries(ids).reduce((p, [name, id]) => p.split(id).join(`{${name}}`), r.url.split('?')[0]),
    auth: String(r.headers.authorization ?? '').replace(/ .*/, ' <jwt>'),
    body: r.body ? JSON.parse(r.body) : undefined,
  });

  it('creates, sends, types, looks members up and leaves exactly as the SDK does', async () => {
    const chat = await newChat();
    const agent = sdk.server.agent.join(chat.id, { name: 'Alex' });
    await chat.api.getWebchatGuestConversationMember(chat.id, String(agent.id));
    await chat.api.postWebchatGuestConversationMemberMessages(chat.id, chat.memberId, { body: 'hi', bodyType: 'standard' });
    await chat.api.postWebchatGuestConversationMemberTyping(chat.id, chat.memberId);
    await chat.api.deleteWebchatGuestConversationMember(chat.id, chat.memberId);
    const bySdk = sdk.server.requests().filter((r) => r.url.startsWith(B));
    sdk.server.clearRequests();

    const t = genesys({
      apiUrl: sdk.server.apiUrl,
      organizationId: 'org-1',
      deploymentId: 'dep-1',
      queue: 'Chat Queue',
      skills: ['Billing'],
      language: 'English',
      priority: 5,
      avatarImageUrl: 'https://example.invalid/a.png',
      // The sheet's example has no site user id among its custom fields.
      identityMap: { id: false },
    }).create(nodeEnv());
    try {
      const r = await t.connect({ visitorId: 'v1', identity: { id: 'u1', name: 'Jane', ticket: '42' } });
      const id = String(r.session.id);
      sdk.server.agent.join(id, { name: 'Alex' });
      await until(() => sdk.server.requests().some((q) => q.method === 'GET' && q.url.includes('/members/')), 2000, 'member lookup');
      await t.send({ clientId: 'c1', text: 'hi' });
      await t.setTyping!(true);
      await t.end!();
      const byParley = sdk.server.requests().filter((q) => q.url.startsWith(B));

      const sdkIds = { conversationId: chat.id, memberId: chat.memberId, agentId: String(agent.id) };
      const parleyAgent = sdk.server.conversations().find((c) => c.id === id)!;
      const parleyIds = { conversationId: id, memberId: String((r.session.member as { id?: unknown }).id), agentId: String(sdk.server.messages(id).find((m) => m.senderRole === 'AGENT')!.sender.id) };
      expect(parleyAgent.ended).toBe(true);
      expect(byParley.map((q) => shape(q, parleyIds))).toEqual(bySdk.map((q) => shape(q, sdkIds)));
      // Byte for byte, the create body is the one of the SDK example (§12.2).
      expect(JSON.parse(byParley[0].body)).toEqual(CREATE);
    } finally {
      t.disconnect();
    }
  });

  it("pages with only the parameters it sets, and gets what the SDK gets with its empty ones", async () => {
    const t = genesys({ apiUrl: sdk.server.apiUrl, organizationId: 'org-1', deploymentId: 'dep-1', queue: 'Chat Queue' }).create(nodeEnv());
    try {
      const r = await t.connect({ visitorId: 'v1' });
      const id = String(r.session.id);
      sdk.server.agent.join(id, { name: 'Alex' });
      const first = sdk.server.agent.say(id, 'one');
      sdk.server.agent.say(id, 'two');
      sdk.server.agent.say(id, 'three');
      const { client, api } = newClient();
      client.setJwt(String(r.session.jwt));
      sdk.server.clearRequests();
      const bySdk = await api.getWebchatGuestConversationMessages(id, { after: first.id, sortOrder: 'ascending', maxResults: 100 });
      const byParley = await t.fetchSince(String(first.id));
      expect(byParley.map((m) => m.id)).toEqual(bySdk.entities.map((m: any) => m.id));
      expect(byParley.map((m) => m.text)).toEqual(['two', 'three']);
      const pages = sdk.server.requests().filter((q) => q.url.includes('/messages?'));
      expect(pages.map((q) => q.url.split('?')[1])).toEqual([
        `after=${first.id}&before=&sortOrder=ascending&maxResults=100`,
        `sortOrder=ascending&maxResults=100&after=${first.id}`,
      ]);
    } finally {
      t.disconnect();
    }
  });
});
