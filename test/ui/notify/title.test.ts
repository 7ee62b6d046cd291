import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { watchPage } from '../../../src/ui/notify/page';
import { startTitleNotice } from '../../../src/ui/notify/title';
import { FakeDocument, replies } from './fakes';

function setup() {
  const doc = new FakeDocument();
  const page = watchPage(doc);
  const unread = signal(0);
  const source = replies();
  const stop = startTitleNotice({ doc, hidden: page.hidden, unread, onReply: source.onReply });
  return { doc, unread, source, stop };
}

describe('title notice', () => {
  it('counts replies in the title while the page is hidden and restores it exactly when the visitor comes back', () => {
    const { doc, source } = setup();
    source.say();
    expect(doc.title).toBe('Shop'); // seen: the page is in front
    doc.setHidden(true);
    expect(doc.title).toBe('Shop');
    source.say();
    expect(doc.title).toBe('(1) Shop');
    source.say();
    expect(doc.title).toBe('(2) Shop');
    doc.setHidden(false);
    expect(doc.title).toBe('Shop');
    doc.setHidden(true);
    expect(doc.title).toBe('Shop'); // the replies were seen
  });

  it('shows the unread count of a closed window while hidden', () => {
    const { doc, unread } = setup();
    unread.value = 3;
    expect(doc.title).toBe('Shop');
    doc.setHidden(true);
    expect(doc.title).toBe('(3) Shop');
    unread.value = 4;
    expect(doc.title).toBe('(4) Shop');
  });

  it('keeps a title the host page set meanwhile, removing only its own prefix', () => {
    const { doc, source, stop } = setup();
    doc.setHidden(true);
    source.say();
    doc.title = `${doc.title} – cart (1)`; // the host appends to the title it reads
    source.say();
    expect(doc.title).toBe('(2) Shop – cart (1)');
    doc.title = 'Checkout'; // the host replaces it
    doc.setHidden(false);
    expect(doc.title).toBe('Checkout');
    doc.setHidden(true);
    source.say();
    expect(doc.title).toBe('(1) Checkout');
    stop();
    expect(doc.title).toBe('Checkout');
  });

  it('leaves a host title that itself starts with a count', () => {
    const { doc, source } = setup();
    doc.title = '(5) Inbox';
    doc.setHidden(true);
    source.say();
    expect(doc.title).toBe('(1) (5) Inbox');
    doc.setHidden(false);
    expect(doc.title).toBe('(5) Inbox');
  });
});
