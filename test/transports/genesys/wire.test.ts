import { describe, expect, it } from 'vitest';
import { isId, role } from '../../../src/transports/genesys/wire';

// Frames and messages are checked through the transport (link.test.ts: malformed frames, live.test.ts: names).
describe('genesys wire', () => {
  it('takes only short non-empty strings as ids and names', () => {
    expect([isId('a1'), isId('x'.repeat(256))]).toEqual([true, true]);
    expect([isId(''), isId('x'.repeat(257)), isId(42), isId({ id: 'a1' }), isId(undefined)]).toEqual([false, false, false, false, false]);
  });

  it('maps member roles to senders', () => {
    expect([role('AGENT'), role('WORKFLOW'), role('ACD'), role('CUSTOMER'), role(undefined)]).toEqual(['agent', 'bot', 'bot', 'visitor', 'agent']);
  });
});
