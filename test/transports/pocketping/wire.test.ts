import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/types';
import { fromFrame, merge, toMessage } from '../../../src/transports/pocketping/wire';

/** The events one frame gives, or `undefined` when the frame is malformed. */
const events = (f: unknown) => {
  const out: [string, unknown][] = [];
  return fromFrame(f, (type, e) => out.push([type, e])) ? out : undefined;
};

const base = { id: 'm1', sessionId: 's1', content: 'hi', sender: 'operator', timestamp: '2026-11-23T17:28:35.975Z' };

describe('PocketPing messages as Parley messages', () => {
  it('maps senders, content and timestamp', () => {
    expect(toMessage(base)).toEqual({ id: 'm1', text: 'hi', sender: 'agent', createdAt: base.timestamp });
    expect(toMessage({ ...base, sender: 'ai' })?.sender).toBe('bot');
    expect(toMessage({ ...base, sender: 'visitor' })?.sender).toBe('visitor');
  });

  it('keeps replies in both the id and the object form', () => {
    expect(toMessage({ ...base, replyTo: 'm0' })?.replyTo).toBe('m0');
    expect(toMessage({ ...base, replyTo: { id: 'm0', content: 'x', sender: 'visitor' } })?.replyTo).toBe('m0');
  });

  it('hides the content of deleted messages and marks edits and receipts', () => {
    const m = toMessage({ ...base, deletedAt: base.timestamp, editedAt: base.timestamp, status: 'read' });
    expect(m).toMatchObject({ text: '', deleted: true, editedAt: base.timestamp, status: 'read' });
    expect(toMessage({ ...base, status: 'sending' })?.status).toBeUndefined();
  });

  it('keeps attachments with web links only', () => {
    const m = toMessage({
      ...base,
      attachments: [
        { id: 'a1', filename: 'a.png', mimeType: 'image/png', size: 3, url: 'https://x.example/a.png' },
        { id: 'a2', filename: 'b.png', url: 'javascript:alert(1)' },
        { filename: 'no-id' },
      ],
    });
    // A file without a web link can be neither shown nor downloaded: dropped.
    expect(m?.attachments).toEqual([{ id: 'a1', name: 'a.png', type: 'image/png', size: 3, url: 'https://x.example/a.png' }]);
  });

  it.each([
    ['no id', { ...base, id: '' }],
    ['numeric content', { ...base, content: 5 }],
    ['unknown sender', { ...base, sender: 'admin' }],
    ['bad timestamp', { ...base, timestamp: 'soon' }],
    ['array', [base]],
  ])('drops a message with %s', (_name, raw) => {
    expect(toMessage(raw)).toBeUndefined();
  });

  it('keeps a message longer than the visitor may write (the UI collapses it; dropping it would lose it)', () => {
    const long = 'x'.repeat(60_000);
    expect(toMessage({ ...base, content: long })?.text).toBe(long);
  });
});

describe('merging pages', () => {
  const row = (id: string, content = id) => ({ ...base, id, content });
  const none = () => expect.fail('no row should be dropped');

  it('keeps one row per id, the last one, at the place of the first', () => {
    const all = new Map<string, Message>();
    merge(all, [row('a'), row('b'), row('a', 'a read')], none);
    expect([...all.values()].map((x) => x.text)).toEqual(['a read', 'b']);
  });

  it('returns the newest id the page added, never a repeated one', () => {
    const all = new Map<string, Message>();
    expect(merge(all, [row('a'), row('b')], none)).toBe('b');
    expect(merge(all, [row('c'), row('a')], none)).toBe('c');
    expect(merge(all, [row('a')], none)).toBeUndefined();
  });

  it('drops the rows that do not fit, and says so for each', () => {
    const all = new Map<string, Message>();
    let dropped = 0;
    expect(merge(all, [row('a'), { id: 'b' }, 'c'], () => dropped++)).toBe('a');
    expect(dropped).toBe(2);
    expect(merge(all, 'not a list', () => dropped++)).toBeUndefined();
  });
});

describe('PocketPing frames as transport events', () => {
  it('maps each frame type', () => {
    expect(events({ type: 'message', data: base })).toEqual([['message', toMessage(base)]]);
    expect(events({ type: 'typing', data: { sender: 'operator', isTyping: true } })).toEqual([['typing', { sender: 'agent', typing: true }]]);
    expect(events({ type: 'presence', data: { online: false } })).toEqual([['presence', { online: false }]]);
    expect(events({ type: 'read', data: { messageIds: ['a', 'b'], status: 'delivered' } })).toEqual([
      ['patch', { id: 'a', status: 'delivered' }],
      ['patch', { id: 'b', status: 'delivered' }],
    ]);
    expect(events({ type: 'message_edited', data: { messageId: 'a', content: 'new', editedAt: base.timestamp } })).toEqual([
      ['patch', { id: 'a', text: 'new', editedAt: base.timestamp }],
    ]);
    expect(events({ type: 'message_deleted', data: { messageId: 'a', deletedAt: base.timestamp } })).toEqual([
      ['patch', { id: 'a', deleted: true, text: '' }],
    ]);
    expect(events({ type: 'event', data: { name: 'x', data: { k: 1 }, sessionId: 's' } })).toEqual([['event', { name: 'x', data: { k: 1 } }]]);
    expect(events({ type: 'csat_request', data: { requestedAt: base.timestamp } })).toEqual([['csat', { requestedAt: base.timestamp }]]);
  });

  it('turns version warnings into a warning, or an error when the widget cannot continue', () => {
    expect(events({ type: 'version_warning', data: { message: 'newer', canContinue: true } })?.[0]).toMatchObject(['warning', { code: 'version', message: 'pocketping: newer' }]);
    expect(events({ type: 'version_warning', data: { message: 'too old', canContinue: false } })?.[0]).toMatchObject(['error', { code: 'version' }]);
  });

  it('ignores the echo of the visitor typing and unknown frame types', () => {
    expect(events({ type: 'typing', data: { sender: 'visitor', isTyping: true } })).toEqual([]);
    expect(events({ type: 'config_update', data: {} })).toEqual([]);
    expect(events({ type: 'screenshot_request', data: { requestId: 'r' } })).toEqual([]);
  });

  it.each([
    ['no data', { type: 'presence' }],
    ['no type', { data: {} }],
    ['not an object', 'message'],
    ['typing flag as text', { type: 'typing', data: { sender: 'operator', isTyping: 'yes' } }],
    ['read ids not a list', { type: 'read', data: { messageIds: 'a', status: 'read' } }],
    ['read with an odd status', { type: 'read', data: { messageIds: ['a'], status: 'seen' } }],
    ['event without a name', { type: 'event', data: {} }],
    ['bad message', { type: 'message', data: { id: 'x' } }],
  ])('reports a malformed frame (%s)', (_name, raw) => {
    expect(events(raw)).toBeUndefined();
  });
});
