// A site's own backend, built from the npm package's exports the way docs/custom-transport.md shows:
// the option reader refuses bad options as a spec error (the factory never throws), and a good one
// gives a transport whose link reports its state through the skeleton's emitter.
import { describe, expect, it } from 'vitest';
import { createLink, defineBackend, isId, asRecord, type TransportEnv } from '../../src/index';
import { memoryStore } from '../../src/index';

const acme = (options: unknown) =>
  defineBackend(
    'acme',
    options,
    (read) => {
      const endpoint = read.url('endpoint', ['http', 'https']) ?? read.fail('endpoint', 'an http(s) URL');
      return { endpoint, scope: endpoint };
    },
    (settings, env) => {
      const link = createLink('acme', env);
      return {
        on: link.on,
        capabilities: {},
        async connect() {
          link.emit('link', 'live');
          return { sessionId: settings.endpoint, messages: [] };
        },
        disconnect() {},
        async send() {
          throw new Error('not used');
        },
      } as never;
    },
  );

describe('the transport skeleton from the npm entry', () => {
  it('refuses a bad option as a config error on the spec, naming the backend and key', () => {
    const spec = acme({ endpoint: 'ftp://nope' });
    expect(spec.error).toMatchObject({ code: 'config' });
    expect(spec.error!.message).toMatch(/acme.*endpoint/);
    expect(() => spec.create({} as TransportEnv)).toThrow(/endpoint/);
  });

  it('builds a transport from good options, scoped by its endpoint, with the wire guards at hand', async () => {
    const spec = acme({ endpoint: 'http://127.0.0.1:1/acme' });
    expect(spec.error).toBeUndefined();
    expect(spec.scope).toBe('http://127.0.0.1:1/acme');
    const transport = spec.create({ store: memoryStore() } as unknown as TransportEnv) as unknown as {
      on(name: string, handler: (state: string) => void): void;
      connect(): Promise<{ sessionId: string }>;
    };
    const states: string[] = [];
    transport.on('link', (state) => states.push(state));
    expect((await transport.connect()).sessionId).toBe('http://127.0.0.1:1/acme');
    expect(states).toEqual(['live']);
    expect(isId(asRecord({ id: 'x' }).id)).toBe(true);
  });
});
