/**
 * Identity mapping (docs/identity.md) end to end: `identify()` traits, through createChat and each
 * built-in transport, reach the contact fields the real local servers store, by the default map or a
 * site's `identityMap` (object over the default, or a function).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGenesysServer, type GenesysServer } from '../../servers/genesys/index.js';
import { startPingstreamsServer, type PingstreamsServer } from '../../servers/pingstreams/index.js';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import type { Chat } from '../../src/core/model';
import { toConfig } from '../../src/embed/attributes';
import type { Identity } from '../../src/core/types';
import { genesys, type GenesysOptions } from '../../src/transports/genesys/index';
import type { IdentityMap } from '../../src/transports/identity';
import { pingstreams } from '../../src/transports/pingstreams/index';
import { pocketping } from '../../src/transports/pocketping/index';
import { until } from '../helpers/node-env';
import { chatOver, fast } from './token-site';

const ADA: Identity = { id: 'u-1', name: 'Ada Lovelace', email: 'ada@example.test', nickname: 'Ada', avatar: 'https://example.test/ada.png', phone: '+44 20 1234', plan: 'pro', visits: 3 };

const chats: Chat[] = [];
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of chats.splice(0)) c.destroy();
  for (const s of stops.splice(0)) await s();
});

/** Starts the chat as `who` and waits until it is online. */
async function online(chat: Chat, who: Identity) {
  chats.push(chat);
  await chat.identify(who);
  await chat.start();
  expect(chat.status.value).toBe('online');
}

describe('PocketPing identity', () => {
  let srv: PocketPingServer;
  const start = async (identityMap?: IdentityMap) => {
    srv = await startPocketPingServer({});
    stops.push(() => srv.stop());
    const { chat } = chatOver(pocketping({ endpoint: srv.endpoint, socket: fast, identityMap }), 'pocketping');
    await online(chat, ADA);
    return chat;
  };
  const stored = () => srv.sessions()[0].identity;

  it('sends the traits as they are by default, at connect and on a later identify()', async () => {
    const chat = await start();
    expect(stored()).toEqual(ADA);
    await chat.identify({ ...ADA, plan: 'team' });
    await until(() => stored()?.plan === 'team', 3000, 'identify reached the server');
    expect(stored()).toEqual({ ...ADA, plan: 'team' });
  });

  it('renames and drops fields with an object over the default', async () => {
    const chat = await start({ name: 'nickname', email: false, visits: false });
    const { nickname, email, visits, ...rest } = ADA;
    expect(stored()).toEqual({ ...rest, name: 'Ada' });
    await chat.identify({ ...ADA, nickname: 'Countess' });
    await until(() => stored()?.name === 'Countess', 3000, 'identify reached the server');
    expect(stored()).not.toHaveProperty('email');
  });

  it('takes the fields from a function instead, always with the id', async () => {
    await start((i) => ({ name: i.nickname, tier: i.plan }));
    expect(stored()).toEqual({ id: 'u-1', name: 'Ada', tier: 'pro' });
  });
});

describe('Genesys identity', () => {
  let srv: GenesysServer;
  const start = async (opts: Partial<GenesysOptions> = {}) => {
    srv = await startGenesysServer({ jwtAlg: 'HS256' });
    stops.push(() => srv.stop());
    const spec = genesys({ organizationId: 'org-1', deploymentId: 'dep-1', queue: 'Support', apiUrl: srv.apiUrl, socket: fast, ...opts });
    await online(chatOver(spec, 'genesys').chat, ADA);
  };
  const guest = () => srv.conversations()[0].guest;

  it('fills memberInfo by default: displayName, email, avatar, phone, the other string traits as custom fields', async () => {
    await start({ customFields: { site: 'shop' } });
    expect(guest()).toMatchObject({
      displayName: 'Ada Lovelace',
      email: 'ada@example.test',
      avatarImageUrl: 'https://example.test/ada.png',
      phoneNumber: '+44 20 1234',
      customFields: { site: 'shop', id: 'u-1', nickname: 'Ada', plan: 'pro' },
    });
  });

  it('renames and drops fields with an object over the default', async () => {
    await start({ identityMap: { displayName: 'nickname', firstName: 'name', phoneNumber: false, id: false } });
    const g = guest();
    expect(g).toMatchObject({ displayName: 'Ada', firstName: 'Ada Lovelace', email: 'ada@example.test', customFields: { plan: 'pro' } });
    expect(g).not.toHaveProperty('phoneNumber');
    expect(g?.customFields).not.toHaveProperty('id');
  });

  it('takes memberInfo from a function instead (the configured guest name when it gives none)', async () => {
    await start({ displayName: 'Website visitor', identityMap: (i) => ({ email: i.email, customFields: { account: i.id } }) });
    expect(guest()).toMatchObject({ displayName: 'Website visitor', email: 'ada@example.test', customFields: { account: 'u-1' } });
    expect(guest()).not.toHaveProperty('avatarImageUrl');
  });
});

describe('Pingstreams identity', () => {
  let srv: PingstreamsServer;
  const start = async (identityMap?: IdentityMap) => {
    srv = await startPingstreamsServer({});
    stops.push(() => srv.stop());
    const spec = pingstreams({ projectId: srv.projectId, apiUrl: srv.apiUrl, socket: fast, snapshotTimeout: 500, identityMap });
    const { chat } = chatOver(spec, 'pingstreams');
    await online(chat, ADA);
    chat.send('hello');
    await until(() => srv.requests()[0], 3000, 'the request');
    return chat;
  };
  const lead = () => srv.requests()[0].lead;
  const posts = () => srv.seen().filter((s) => s.method === 'POST' && s.path.endsWith('/messages'));

  it('fills the lead by default: fullname, email, the other traits as attributes', async () => {
    await start();
    const { name, email, ...rest } = ADA;
    expect(lead()).toMatchObject({ fullname: 'Ada Lovelace', email: 'ada@example.test', attributes: rest });
    expect(lead().attributes).not.toHaveProperty('name');
  });

  it('renames and drops fields with an object over the default; a later identify() goes with the next message', async () => {
    const chat = await start({ fullname: 'nickname', email: false, phone: false });
    expect(lead()).toMatchObject({ fullname: 'Ada', attributes: { id: 'u-1', plan: 'pro', avatar: ADA.avatar } });
    expect(lead().email).toBeUndefined();
    expect(lead().attributes).not.toHaveProperty('phone');
    await chat.identify({ ...ADA, nickname: 'Countess' });
    chat.send('again');
    await until(() => posts().length === 2, 3000, 'second message');
    expect(posts()[1].body).toMatchObject({ senderFullname: 'Countess', attributes: { plan: 'pro' } });
  });

  it('takes the object form from a data-identity-map attribute (JSON text)', async () => {
    const { identityMap } = toConfig([['data-identity-map'.slice(5), '{"fullname":"nickname"}']]);
    await start(identityMap as IdentityMap);
    expect(lead()).toMatchObject({ fullname: 'Ada', email: 'ada@example.test' });
  });

  it('takes the fields from a function instead', async () => {
    await start((i) => ({ fullname: `${i.nickname} (${i.plan})`, attributes: { account: i.id } }));
    expect(lead()).toMatchObject({ fullname: 'Ada (pro)', attributes: { account: 'u-1' } });
    expect(lead().attributes).not.toHaveProperty('plan');
  });
});

describe('identityMap option', () => {
  it.each([
    ['pocketping', () => pocketping({ endpoint: 'http://127.0.0.1:1', identityMap: 'name' as never })],
    ['genesys', () => genesys({ organizationId: 'o', deploymentId: 'd', queue: 'q', identityMap: 42 as never })],
    ['pingstreams', () => pingstreams({ projectId: 'p', apiUrl: 'http://127.0.0.1:1', identityMap: [] as never })],
  ])('%s names the key of a bad map', (who, make) => {
    // Factories do not throw: the spec's create() throws the config error (createChat reports it).
    expect(() => make().create(undefined as never)).toThrow(expect.objectContaining({ code: 'config', key: 'identityMap', message: `${who}: "identityMap" must be an object or a function` }));
  });
});
