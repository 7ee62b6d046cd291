/**
 * One incoming message into a long conversation costs that message, not a walk of the whole list: counted by
 * reading the list through a Proxy that tallies every row read. The merged list is a copy (lists are immutable:
 * one read of each row); anything beyond that is a walk (an index built again, a scan).
 */
import { describe, expect, it } from 'vitest';
import { createChat } from '../../src/core/chat';
import { indexOf } from '../../src/core/message-index';
import { merge } from '../../src/core/messages';
import type { Message } from '../../src/core/types';
import { memoryStore } from '../../src/storage/memory-store';
import { fakeBackend } from './fake-backend';

/** `list` as a Proxy counting reads of its rows (numeric indexes). */
function countingReads(list: readonly Message[]) {
  const counter = { reads: 0 };
  const proxy = new Proxy(list as Message[], {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) counter.reads++;
      return Reflect.get(target, property, receiver);
    },
  });
  return { proxy: proxy as readonly Message[], counter };
}

describe('incoming messages into a long conversation', () => {
  it('copies a 5,000-message list once per incoming message and walks it no further', async () => {
    const backend = fakeBackend();
    const chat = createChat(backend.spec(), { backend: 'fake' }, { store: memoryStore(), random: () => 0.5 });
    await chat.start();
    chat.setOpen(true);
    const history = Array.from({ length: 5000 }, (_, n): Message => ({ id: `h${n}`, text: `earlier ${n}`, sender: 'agent', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() }));
    backend.agentSays('first live');
    // The long list, indexed by a first merge, then read through the counter.
    const { proxy, counter } = countingReads(merge(history, [chat.messages.value.at(-1)!]));
    indexOf(proxy); // indexed, as the chat's own lists are
    counter.reads = 0;
    const heard: string[] = [];
    chat.on('message', (message) => heard.push(message.text));
    (chat.messages as unknown as { value: readonly Message[] }).value = proxy;

    backend.agentSays('second live');
    expect(heard).toEqual(['second live']);
    expect(chat.messages.value.at(-1)?.text).toBe('second live');
    expect(chat.messages.value).toHaveLength(5002);
    expect(counter.reads).toBeLessThanOrEqual(5001 + 50);
    chat.destroy();
  });
});
