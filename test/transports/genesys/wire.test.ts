import { describe, expect, it } from 'vitest';
import { isId, readMessage, readSession, role } from '../../../src/transports/genesys/wire';

// Frames and messages are checked through the transport (link.test.ts: malformed frames, live.test.ts: names).
describe('genesys wire', () => {
  it('takes only short non-empty strings as ids and names', () => {
    expect([isId('a1'), isId('x'.repeat(256))]).toEqual([true, true]);
    expect([isId(''), isId('x'.repeat(257)), isId(42), isId({ id: 'a1' }), isId(undefined)]).toEqual([false, false, false, false, false]);
  });

  it('maps member roles to senders', () => {
    expect([role('AGENT'), role('WORKFLOW'), role('ACD'), role('CUSTOMER'), role(undefined)]).toEqual(['agent', 'bot', 'bot', 'visitor', 'agent']);
  });

  it('keeps a message text of any length (the UI collapses long ones; dropping it would lose it)', () => {
    const body = 'x'.repeat(60_000);
    const message = { id: 'm1', sender: { id: 'a1' }, body, bodyType: 'standard', timestamp: '2019-06-18T16:59:22.277Z' };
    expect(readMessage(message)?.body).toBe(body);
  });

  it('takes a session only with its id, member, JWT and a ws(s) event stream URL', () => {
    const session = { id: 'c1', member: { id: 'm1' }, jwt: 'j.w.t', eventStreamUri: 'wss://x.example/chat/jwt/j' };
    expect(readSession({ ...session, extra: 1 })).toEqual(session);
    expect(readSession({ ...session, eventStreamUri: 'https://x.example' })).toBeUndefined();
    expect(readSession({ ...session, member: 'm1' })).toBeUndefined();
    expect(readSession({ ...session, jwt: 42 })).toBeUndefined();
  });
});
