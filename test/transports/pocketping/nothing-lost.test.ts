import { describe, expect, it } from 'vitest';
import { until } from '../../helpers/node-env';
import { record } from '../../helpers/recorder';
import { serverPerTest } from './setup';

const server = serverPerTest();

const open = () => {
  const transport = server.open();
  return { transport, heard: record(transport) };
};

describe('pocketping: nothing the server stored is lost', () => {
  it('takes a 60,000-character operator message once, live, through fetchSince and on resume, and never downloads it again', async () => {
    const { transport, heard } = open();
    const { session } = await transport.connect({ visitorId: 'v1' });
    await until(() => heard.of('link').includes('live'), 3000, 'live');
    const long = 'A long answer. '.repeat(4000);
    expect(long).toHaveLength(60_000);
    const stored = await server.srv.pp.sendOperatorMessage(String(session.sessionId), long);

    await until(() => heard.of('message').some((m) => m.id === stored.id), 3000, 'the live message');
    expect(heard.of('message').filter((m) => m.id === stored.id).map((m) => m.text)).toEqual([long]);
    const caughtUp = await transport.fetchSince(undefined);
    expect(caughtUp.filter((m) => m.id === stored.id).map((m) => m.text.length)).toEqual([60_000]);
    // The cursor moved past it: the next poll brings nothing again.
    expect(await transport.fetchSince(stored.id)).toEqual([]);

    transport.disconnect();
    const reload = open().transport;
    const resumed = await reload.connect({ visitorId: 'v1', session });
    expect(resumed.messages.filter((m) => m.id === stored.id).map((m) => m.text)).toEqual([long]);
  });

  it('re-creates a session the server lost when the stream comes back, so an operator reaches the visitor who wrote nothing', async () => {
    const { transport, heard } = open();
    const { session } = await transport.connect({ visitorId: 'v1' });
    await until(() => heard.of('link').includes('live'), 3000, 'live');
    // The server restarts on memory storage: the session is gone.
    server.srv.reset();
    await server.srv.restart();
    const replacement = await until(() => server.srv.sessions().find((s) => s.id !== session.sessionId), 8000, 'a new session');
    expect(replacement.visitorId).toBe('v1');
    await until(() => heard.of('warning').length, 3000, 'the warning');
    // Listening on the new session: down, then live (the core catches up there).
    await until(() => heard.of('link').at(-1) === 'live', 3000, 'live on the new session');
    expect(heard.of('warning').map((w) => w.message)).toEqual(['pocketping: lost the conversation; started a new one']);

    await server.srv.pp.sendOperatorMessage(replacement.id, 'Are you still there?');
    await until(() => heard.of('message').find((m) => m.text === 'Are you still there?'), 5000, 'the operator message');
    // The visitor sent nothing: the session came from the reconnect alone.
    expect(server.srv.messages(replacement.id).filter((m) => m.sender === 'visitor')).toEqual([]);
  });

  it('keeps a session the server still knows after a reconnect, without a warning', async () => {
    const { transport, heard } = open();
    const { session } = await transport.connect({ visitorId: 'v1' });
    await until(() => heard.of('link').includes('live'), 3000, 'live');
    server.srv.dropSockets();
    await until(() => heard.of('link').length >= 3 && heard.of('link').at(-1) === 'live', 5000, 'live again');
    await server.srv.pp.sendOperatorMessage(String(session.sessionId), 'still here');
    await until(() => heard.of('message').find((m) => m.text === 'still here'), 3000, 'the operator message');
    expect(server.srv.sessions().map((s) => s.id)).toEqual([session.sessionId]);
    expect(heard.of('warning')).toEqual([]);
  });
});
