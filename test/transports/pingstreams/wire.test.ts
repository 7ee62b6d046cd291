import { describe, expect, it } from 'vitest';
import { newRequestId, toMessage, toMessages } from '../../../src/transports/pingstreams/wire';

const at = '2026-11-23T17:26:57.336Z';
const doc = (over: Record<string, unknown>) => ({ _id: 'm1', sender: 'u1', senderFullname: 'Ann', text: 'hi', createdAt: at, ...over });

describe('pingstreams wire', () => {
  it('builds request ids like the official client: support-group, project, uuid v4 without dashes', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId('p1')));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^support-group-p1-[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });

  it('maps who wrote a message', () => {
    expect(toMessage(doc({ sender: 'me' }), 'me')).toEqual({ id: 'm1', text: 'hi', sender: 'visitor', senderName: 'Ann', createdAt: at, status: 'sent' });
    expect(toMessage(doc({}), 'me')?.sender).toBe('agent');
    expect(toMessage(doc({ sender: 'bot_42' }), 'me')?.sender).toBe('bot');
    expect(toMessage(doc({ sender: 'system' }), 'me')?.sender).toBe('system');
    expect(toMessage(doc({ attributes: { subtype: 'info/support' } }), 'me')?.sender).toBe('system');
  });

  it('keeps a text of any length (the UI collapses long ones; dropping it would lose it)', () => {
    const long = 'x'.repeat(60_000);
    expect(toMessage(doc({ text: long }), 'me')?.text).toBe(long);
  });

  it('keeps the client id echoed in the attributes', () => {
    expect(toMessage(doc({ sender: 'me', attributes: { clientId: 'c9' } }), 'me')?.clientId).toBe('c9');
  });

  it('hides agents’ private notes and drops malformed documents', () => {
    expect(toMessage(doc({ attributes: { subtype: 'private' } }), 'me')).toBeUndefined();
    for (const bad of [null, 'x', [], doc({ _id: 5 }), doc({ _id: '' }), doc({ createdAt: 'yesterday' }), doc({ createdAt: undefined })]) {
      expect(toMessage(bad, 'me')).toBeUndefined();
    }
    let dropped = 0;
    expect(toMessages([doc({}), 7, doc({ _id: 'm2' })], 'me', () => dropped++).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(dropped).toBe(1);
  });

  it('keeps text as text and tolerates a missing one', () => {
    expect(toMessage(doc({ text: '<img src=x onerror=alert(1)>' }), 'me')?.text).toBe('<img src=x onerror=alert(1)>');
    expect(toMessage(doc({ text: 42 }), 'me')?.text).toBe('');
  });

  it('shows images and files with an http(s) source only', () => {
    const img = toMessage(doc({ type: 'image', text: 'cat.png', metadata: { src: 'https://cdn.test/cat.png', type: 'image/png', size: 12, uid: 'f1' } }), 'me');
    expect(img?.attachments).toEqual([{ id: 'f1', name: 'cat.png', url: 'https://cdn.test/cat.png', type: 'image/png', size: 12 }]);
    expect(toMessage(doc({ metadata: { src: 'javascript:alert(1)' } }), 'me')?.attachments).toBeUndefined();
  });
});
