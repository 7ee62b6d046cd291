import { describe, expect, it } from 'vitest';
import { readTabMessage, TAB_PROTOCOL } from '../../src/tabs/protocol';

const message = { id: 'c1', clientId: 'c1', text: 'Hello', sender: 'visitor', createdAt: '2026-01-01T10:00:00.000Z', status: 'sending' };
const state = { messages: [message], status: 'online', operatorOnline: true, agentTyping: null, hasOlder: false, csat: 'none' };
const { messages: _list, ...details } = state;
const delta = { length: 2, at: [0, 1], rows: [message, { ...message, id: 'm2' }], removed: [] };
const envelope = (body: object) => ({ v: TAB_PROTOCOL, from: 'tab-1', ...body });

describe('readTabMessage', () => {
  it('accepts every message type in its shape', () => {
    const bodies = [
      { type: 'hello' },
      { type: 'owner' },
      { type: 'state', state, revision: 0 },
      { type: 'state', state: { ...state, agentTyping: { name: 'Ann' }, operatorOnline: undefined, welcomeMessage: 'Hi!' }, revision: 3 },
      { type: 'resync' },
      { type: 'delta', delta: { length: 2, at: [0, 1], rows: [message, { ...message, id: 'm2', clientId: undefined }], removed: ['c0'] }, details, revision: 2, since: 1 },
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
    for (const data of [null, 'hello', 42, [], { type: 'hello' }, { v: TAB_PROTOCOL + 1, from: 'x', type: 'hello' }, { v: TAB_PROTOCOL - 1, from: 'x', type: 'hello' }, { v: TAB_PROTOCOL, from: 7, type: 'hello' }, envelope({ type: 'eval' }), envelope({ type: 'toString' })])
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
      { type: 'state', state },
      { type: 'state', state, revision: -1 },
      { type: 'delta', delta, details, revision: 2 },
      { type: 'delta', delta, details: { ...details, status: 'dancing' }, revision: 2, since: 1 },
      { type: 'delta', delta: { ...delta, at: [1, 0] }, details, revision: 2, since: 1 },
      { type: 'delta', delta: { ...delta, at: [0] }, details, revision: 2, since: 1 },
      { type: 'delta', delta: { ...delta, at: [0, 2] }, details, revision: 2, since: 1 },
      { type: 'delta', delta: { ...delta, rows: [message, null] }, details, revision: 2, since: 1 },
      { type: 'delta', delta: { ...delta, removed: [7] }, details, revision: 2, since: 1 },
      { type: 'delta', delta: { ...delta, length: 'two' }, details, revision: 2, since: 1 },
    ];
    for (const body of bad) expect(readTabMessage(envelope(body)), JSON.stringify(body)).toBeUndefined();
  });
});
