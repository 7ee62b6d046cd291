/**
 * The composer's draft kept across pages (src/ui/draft.ts), in the cases a browser test cannot time: the
 * chat learning who the visitor is after the window is there, the visitor typing before a draft comes
 * back, a draft whose message is not listed yet, and storage that throws. The chat here is its signals and
 * `on` (the draft reads nothing else); the textbox is the one property the draft touches.
 */
import { signal } from '@preact/signals';
import { createRef } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Chat } from '../../src/core/model';
import type { Identity, Message } from '../../src/core/types';
import { keepDraft, readDraft, type DraftStorage } from '../../src/ui/draft';
import type { ComposeTarget, WidgetState } from '../../src/ui/state';

const KEY = 'parley/pocketping/x/draft';

/** A widget's state around a textbox, its chat's identity and list, and `reset` listeners. */
function widget(storage: DraftStorage | undefined) {
  const identity = signal<Identity | null>(null);
  const messages = signal<readonly Message[]>([]);
  const resets = new Set<() => void>();
  const chat = {
    identity,
    messages,
    on: (name: string, handler: () => void) => {
      if (name == 'reset') resets.add(handler);
      return () => resets.delete(handler);
    },
  } as unknown as Chat;
  const composer = createRef<HTMLTextAreaElement>();
  // `fieldSizing` present: the draft's text is set without measuring a height.
  composer.current = { value: '', style: { fieldSizing: '' } } as unknown as HTMLTextAreaElement;
  const state = { chat, composer, composeTarget: signal<ComposeTarget | null>(null) } as unknown as WidgetState;
  state.draft = keepDraft(state, storage, KEY);
  /** The visitor types (the composer's input event saves it). */
  const type = (text: string) => {
    composer.current!.value = text;
    state.draft!.save();
  };
  return { state, identity, messages, type, text: () => composer.current!.value, reset: () => resets.forEach((handler) => handler()) };
}

/** sessionStorage's contract, in memory. */
function memoryStorage(): DraftStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
  };
}

/** The page before a reload: `who` typed `text`. */
function keptBy(who: string | null, text: string, storage = memoryStorage()) {
  const before = widget(storage);
  before.state.draft!.restore();
  before.identity.value = who ? { id: who } : null;
  before.type(text);
  before.state.draft!.stop();
  return storage;
}

describe('the composer draft', () => {
  it('of an identified visitor waits for the chat to know who the visitor is, and is theirs only', () => {
    const storage = keptBy('ann', 'card ends in 4242');
    const ann = widget(storage);
    ann.state.draft!.restore();
    expect(ann.text()).toBe(''); // the visitor is not known yet
    ann.identity.value = { id: 'ann' };
    expect(ann.text()).toBe('card ends in 4242');

    const bob = widget(keptBy('ann', 'card ends in 4242'));
    bob.state.draft!.restore();
    bob.identity.value = { id: 'bob' };
    expect(bob.text()).toBe('');
  });

  it('of another person is dropped from the storage; an anonymous one stays through a sign-in', () => {
    const storage = keptBy('ann', 'card ends in 4242');
    const bob = widget(storage);
    bob.identity.value = { id: 'bob' };
    bob.state.draft!.restore();
    expect(bob.text()).toBe('');
    expect(storage.values.has(KEY)).toBe(false);

    const visitor = widget(keptBy(null, 'where is my order?'));
    visitor.state.draft!.restore();
    expect(visitor.text()).toBe('where is my order?');
    visitor.identity.value = { id: 'carl' };
    expect(visitor.text()).toBe('where is my order?');
  });

  it('leaves the screen when the one who typed it is gone (reset here, or another identity)', () => {
    const storage = memoryStorage();
    const page = widget(storage);
    page.identity.value = { id: 'ann' };
    page.state.draft!.restore();
    page.type('my address');
    page.reset();
    expect(page.text()).toBe('');
    expect(storage.values.has(KEY)).toBe(false);

    page.type('my other address');
    page.identity.value = { id: 'dora' };
    expect(page.text()).toBe('');
  });

  it('gives way to what the visitor typed before it came back', () => {
    const storage = keptBy('ann', 'old words');
    const page = widget(storage);
    page.state.draft!.restore();
    page.type('new words');
    page.identity.value = { id: 'ann' };
    expect(page.text()).toBe('new words');
    expect(readDraft(storage.values.get(KEY)!)?.text).toBe('new words');
  });

  it('gets the message it answers once that is listed, and keeps it meanwhile for the next page', () => {
    const question: Message = { id: 'm1', text: 'Which colour?', sender: 'agent', createdAt: '2026-01-01T10:00:00.000Z' };
    const storage = memoryStorage();
    const before = widget(storage);
    before.state.draft!.restore();
    before.messages.value = [question];
    before.state.composeTarget.value = { message: question };
    before.type('green');

    const page = widget(storage);
    page.state.draft!.restore();
    expect(page.text()).toBe('green');
    expect(page.state.composeTarget.value).toBeNull();
    expect(readDraft(storage.values.get(KEY)!)).toEqual({ text: 'green', who: '', to: 'm1', edit: false });
    page.messages.value = [question];
    expect(page.state.composeTarget.value).toEqual({ message: question, edit: false });

    // Typed over before its message was listed: the new text goes alone.
    const other = widget(storage);
    other.state.draft!.restore();
    other.type('blue');
    other.messages.value = [question];
    expect(other.state.composeTarget.value).toBeNull();
    expect(readDraft(storage.values.get(KEY)!)).toEqual({ text: 'blue', who: '' });
  });

  it('comes back in the composer of a new chat when the conversation ended while it was typed', () => {
    const storage = memoryStorage();
    const page = widget(storage);
    page.state.draft!.restore();
    page.type('one more thing');
    // Ended: the composer gives way to "New chat" (its textbox goes); nothing kept is dropped meanwhile.
    const ended = page.state.composer.current;
    page.state.composer.current = null;
    page.state.composeTarget.value = null;
    page.state.draft!.save();
    expect(readDraft(storage.values.get(KEY)!)?.text).toBe('one more thing');
    page.state.composer.current = { ...ended!, value: '' };
    page.state.draft!.restore();
    expect(page.text()).toBe('one more thing');
  });

  it('costs only itself when the storage throws or holds something else', () => {
    const throwing: DraftStorage = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    };
    const page = widget(throwing);
    expect(() => page.state.draft!.restore()).not.toThrow();
    expect(() => page.type('still here')).not.toThrow();
    expect(page.text()).toBe('still here');
    for (const raw of [null, '', 'nope', '5', '{"text":1,"who":""}', '{"text":"a","who":null}', '{"text":"a","who":"","to":3}'])
      expect(readDraft(raw)).toBeUndefined();
  });
});
