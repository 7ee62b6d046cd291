/** A backend that cannot be created (its spec's `create()` throws) is reported, never thrown at the host. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChat } from '../../src/core/chat';
import { ParleyError } from '../../src/core/errors';
import type { ChatEvents } from '../../src/core/model';
import type { TransportSpec } from '../../src/core/transport';
import { memoryStore } from '../../src/storage/memory-store';

afterEach(() => {
  vi.restoreAllMocks();
});

const broken: TransportSpec = {
  backend: 'pocketping',
  scope: 'nowhere',
  create() {
    throw new ParleyError('config', 'PocketPing: "endpoint" must be an http(s) URL', { key: 'endpoint' });
  },
};

describe('a backend whose create() throws', () => {
  it('leaves the chat in status error with one console.error and one error event', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const chat = createChat(broken, { backend: 'pocketping' }, { store: memoryStore() });
    const errors: ChatEvents['error'][] = [];
    chat.on('error', (error) => errors.push(error));

    expect(chat.status.value).toBe('error');
    expect(chat.error.value).toMatchObject({ code: 'config', key: 'endpoint' });
    await chat.start(); // does not throw, does not connect
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(chat.status.value).toBe('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'config', key: 'endpoint' });
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls[0]![0]).toBe('[parley]');
    expect(String(consoleError.mock.calls[0]![1])).toMatch(/pocketping.*endpoint/);
  });

  it('still takes the host calls without throwing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const chat = createChat(broken, {}, { store: memoryStore() });
    chat.setOpen(true);
    chat.setTyping(true);
    await expect(chat.identify({ id: 'u1' })).resolves.toBeUndefined();
    expect(chat.send('hello').status).toBe('sending');
    await expect(chat.trigger('clicked')).rejects.toMatchObject({ code: 'unsupported' });
    chat.destroy();
  });
});
