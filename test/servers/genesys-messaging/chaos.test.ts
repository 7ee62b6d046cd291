// The chaos switches of the local Web Messaging server (protocols/genesys-webmessaging.md §9 item 11),
// for clients that must order by channel.time, de-duplicate by id and resume after a dead socket.
import { describe, expect, it } from 'vitest';
import { configured, control, refusedStatus, start } from './fixture';

const texts = (frames: { body: any }[]) => frames.filter((frame) => frame.body?.type === 'Text').map((frame) => frame.body.text);

describe('genesys-messaging server: chaos', () => {
  it('reorder: the next two pushed frames arrive swapped, their channel.time still in sending order', async () => {
    const server = await start();
    const guest = await configured(server);
    await control(server, `/sessions/${guest.token}/join`, { nickname: 'Sam' });
    await control(server, `/sessions/${guest.token}/chaos`, { kind: 'reorder' });
    server.agent.say(guest.token, 'first');
    server.agent.say(guest.token, 'second');
    server.agent.say(guest.token, 'third');
    await guest.next((frame) => frame.body.text === 'third');
    const received = guest.frames.filter((frame) => frame.body?.type === 'Text');
    expect(texts(received)).toEqual(['second', 'first', 'third']);
    expect(Date.parse(received[1].body.channel.time)).toBeLessThanOrEqual(Date.parse(received[0].body.channel.time));
  });

  it('reorder: a held frame still arrives when no second frame follows', async () => {
    const server = await start();
    const guest = await configured(server);
    server.chaos(guest.token, 'reorder');
    server.agent.say(guest.token, 'alone', true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(texts(guest.frames)).toEqual([]);
    expect((await guest.next((frame) => frame.body.text === 'alone', 0, 3000)).body.text).toBe('alone');
  });

  it('duplicate: the next pushed frame arrives twice with the same id', async () => {
    const server = await start();
    const guest = await configured(server);
    await control(server, `/sessions/${guest.token}/chaos`, { kind: 'duplicate' });
    server.agent.say(guest.token, 'twice', true);
    server.agent.say(guest.token, 'once', true);
    await guest.next((frame) => frame.body.text === 'once');
    const received = guest.frames.filter((frame) => frame.body?.type === 'Text');
    expect(texts(received)).toEqual(['twice', 'twice', 'once']);
    expect(received[0]).toEqual(received[1]);
  });

  it('drop: the socket dies without a close frame (1006) and the token resumes its session', async () => {
    const server = await start();
    const guest = await configured(server);
    const closed = new Promise<number>((resolve) => guest.ws.once('close', resolve));
    await control(server, `/sessions/${guest.token}/chaos`, { kind: 'drop' });
    expect(await closed).toBe(1006);
    const again = await configured(server, guest.token);
    expect(again.session.newSession).toBe(false);
  });

  it('drop with hold refuses new sockets (503) for that long', async () => {
    const server = await start();
    const guest = await configured(server);
    const closed = new Promise<number>((resolve) => guest.ws.once('close', resolve));
    await control(server, '/drop', { holdMs: 10_000 });
    expect(await closed).toBe(1006);
    expect(await refusedStatus(`${server.wsUrl}?deploymentId=${server.deploymentId}`)).toBe(503);
  });

  it('restart keeps the sessions: a reconnect resumes with newSession false', async () => {
    const server = await start();
    const guest = await configured(server);
    await server.restart();
    expect((await configured(server, guest.token)).session.newSession).toBe(false);
  });
});
