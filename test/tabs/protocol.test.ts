import { describe, expect, it } from 'vitest';
import { readTabMessage, TAB_PROTOCOL } from '../../src/tabs/protocol';

const message = { id: 'c1', clientId: 'c1', text: 'Hello', sender: 'visitor', createdAt: '2026-01-01T10:00:00.000Z', status: 'sending' };
const state = { messages: [message], status: 'online', operatorOnline: true, agentTyping: null, hasOlder: false, csat: 'none' };
const envelope = (body: object) => ({ v: TAB_PROTOCOL, from: 'tab-1', ...body });

describe('readTabMessage', () => {
  it('accepts every message type in its shape', () => {
    const bodies = [
      { type: 'hello' },
      { type: 'owner' },
      { type: 'state', state },
      { type: 'state', state: { ...state, agentTyping: { name: 'Ann' }, operatorOnline: undefined, welcomeMessage: 'Hi!' } },
      { type: 'send', message },
      { type: 'retry', clientId: 'c1' },
      { type: 'startNew' },
      { type: 'trigger', name: 'cart', data: { items: 2 } },
      { type: 'edit', id: 'm1', text: 'new text' },
      { type: 'remove', id: 'm1' },
      { type: 'loadOlder' },
      { type: 'csat', score: 5 },
      { type: 'csat', score: 4, comment: 'quick' },
      { type: 'end' },
      { type: 'typing', typing: true },
      { type: 'unread', count: 3 },
      { type: 'open', open: false },
      { type: 'bye' },
    ];
    for (const body of bodies) expect(readTabMessage(envelope(body)), JSON.stringify(body)).toEqual(envelope(body));
  });

  it('drops values of another version, sender or type', () => {
    for (const data of [null, 'hello', 42, [], { type: 'hello' }, { v: 2, from: 'x', type: 'hello' }, { v: 1, from: 7, type: 'hello' }, envelope({ type: 'eval' }), envelope({ type: 'toString' })])
      expect(readTabMessage(data), JSON.stringify(data)).toBeUndefined();
  });

  it('drops messages whose fields have the wrong shape', () => {
    const bad = [
      { type: 'unread', count: -1 },
      { type: 'unread', count: 1.5 },
      { type: 'unread', count: '2' },
      { type: 'typing', typing: 'yes' },
      { type: 'retry' },
      { type: 'send', message: { ...message, clientId: undefined } },
      { type: 'send', message: { ...message, text: 42 } },
      { type: 'send', message: { ...message, sender: 'admin' } },
      { type: 'send', message: { ...message, createdAt: 'yesterday' } },
      { type: 'send', message: { ...message, attachments: [{ id: 'a' }] } },
      { type: 'state', state: { ...state, messages: 'not a list' } },
      { type: 'state', state: { ...state, messages: [null] } },
      { type: 'state', state: { ...state, status: 'dancing' } },
      { type: 'state', state: { ...state, agentTyping: 'Ann' } },
      { type: 'state' },
      { type: 'state', state: { ...state, csat: 'maybe' } },
      { type: 'state', state: { ...state, welcomeMessage: 42 } },
      { type: 'edit', id: 'm1' },
      { type: 'csat', score: 'five' },
      { type: 'csat', score: 5, comment: 7 },
      { type: 'trigger', data: {} },
    ];
    for (const body of bad) expect(readTabMessage(envelope(body)), JSON.stringify(body)).toBeUndefined();
  });
});
