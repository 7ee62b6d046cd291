import { describe, expect, it } from 'vitest';
import { role, toFrame, toMember, toWire } from '../../../src/transports/genesys/wire';

const C = 'conv-1';
const msg = { id: 'm1', conversation: { id: C }, sender: { id: 'a1' }, body: 'Hi', bodyType: 'standard', timestamp: '2019-06-18T16:59:22.277Z' };
const frame = (topic: string, type: string, eventBody: unknown) =>
  JSON.stringify({ topicName: `v2.conversations.chats.${C}.${topic}`, version: '2', eventBody, metadata: { CorrelationId: 'x', type } });

describe('genesys wire: event-stream frames', () => {
  it('reads a message, a typing indicator and a member change of this conversation', () => {
    expect(toFrame(frame('messages', 'message', msg), C)).toEqual({
      t: 'message',
      m: { id: 'm1', from: 'a1', body: 'Hi', type: 'standard', at: '2019-06-18T16:59:22.277Z' },
    });
    expect(toFrame(frame('messages', 'typing-indicator', { id: 't', conversation: { id: C }, sender: { id: 'a1' }, timestamp: msg.timestamp }), C)).toEqual({
      t: 'typing',
      from: 'a1',
    });
    expect(toFrame(frame('members', 'member-change', { conversation: { id: C }, member: { id: 'g1', state: 'DISCONNECTED' } }), C)).toEqual({
      t: 'member',
      id: 'g1',
      state: 'DISCONNECTED',
    });
  });

  it('passes over heartbeats, other conversations and unknown types without calling them malformed', () => {
    expect(toFrame('{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}', C)).toBeNull();
    expect(toFrame(frame('messages', 'message', msg), 'conv-2')).toBeNull();
    expect(toFrame(frame('messages', 'something-new', {}), C)).toBeNull();
  });

  it.each([
    ['not JSON', '{oops'],
    ['no eventBody', JSON.stringify({ topicName: `v2.conversations.chats.${C}.messages` })],
    ['a message without a sender', frame('messages', 'message', { ...msg, sender: undefined })],
    ['a message with a numeric body', frame('messages', 'message', { ...msg, body: 42 })],
    ['a message with a bad timestamp', frame('messages', 'message', { ...msg, timestamp: 'yesterday' })],
    ['typing without a sender id', frame('messages', 'typing-indicator', { sender: {} })],
    ['a member change without a state', frame('members', 'member-change', { member: { id: 'g1' } })],
    ['a __proto__ key', `{"topicName":"v2.conversations.chats.${C}.messages","eventBody":{"__proto__":{}},"metadata":{"type":"message"}}`],
    ['a binary frame', new Uint8Array([1, 2, 3])],
  ])('calls %s malformed', (_what, data) => {
    expect(toFrame(data, C)).toBeUndefined();
  });
});

describe('genesys wire: REST shapes', () => {
  it('keeps only what fits from a stored message', () => {
    expect(toWire({ ...msg, selfUri: '/x', extra: 1 })).toEqual({ id: 'm1', from: 'a1', body: 'Hi', type: 'standard', at: msg.timestamp });
    expect(toWire({ ...msg, id: '' })).toBeUndefined();
    expect(toWire({ ...msg, body: 'x'.repeat(16001) })).toBeUndefined();
    expect(toWire(null)).toBeUndefined();
  });

  it('reads a member, leaving out a name that is not a short string', () => {
    expect(toMember({ id: 'a1', displayName: 'Alex', role: 'AGENT', state: 'CONNECTED' })).toEqual({ name: 'Alex', role: 'AGENT', state: 'CONNECTED' });
    expect(toMember({ displayName: { html: '<b>x</b>' }, role: 'AGENT' }).name).toBeUndefined();
    expect(toMember('nope')).toEqual({});
  });

  it('maps member roles to senders', () => {
    expect([role('AGENT'), role('WORKFLOW'), role('ACD'), role('CUSTOMER'), role(undefined)]).toEqual(['agent', 'bot', 'bot', 'visitor', 'agent']);
  });
});
