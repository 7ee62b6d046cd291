import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { ParleyError } from '../../src/core/errors';
import { registerBuiltins } from '../../src/embed/builtins';
import { registerBackend, resolveBackend } from '../../src/embed/registry';

registerBuiltins(); // as the npm element entry does
import type { TransportSpec } from '../../src/transports/transport';

describe('backend registry', () => {
  it('knows the three built-in backends', () => {
    const spec = resolveBackend(parseConfig({ backend: 'pocketping', endpoint: 'https://shop.example/pocketping' }));
    expect(spec.backend).toBe('pocketping');
    for (const backend of ['genesys', 'pingstreams']) {
      // Reaches the backend's own validation (a config error naming one of its keys), not "unknown backend".
      const err = (() => {
        try {
          resolveBackend(parseConfig({ backend }));
        } catch (e) {
          return e as ParleyError;
        }
      })();
      expect(err).toBeInstanceOf(ParleyError);
      expect(err?.key).not.toBe('backend');
    }
  });

  it('hands a registered custom backend its own options', () => {
    let got: Record<string, unknown> | undefined;
    const spec: TransportSpec = { backend: 'acme', scope: 'acme:1', create: () => ({}) as never };
    registerBackend('acme', (options: Record<string, unknown>) => ((got = options), spec));
    expect(resolveBackend(parseConfig({ backend: 'acme', tenant: 't-1', theme: 'dark' }))).toBe(spec);
    expect(got).toEqual({ tenant: 't-1' });
  });

  it('treats names of Object.prototype as unknown backends', () => {
    for (const backend of ['constructor', 'toString', '__proto__'])
      expect(() => resolveBackend(parseConfig({ backend }))).toThrow(expect.objectContaining({ code: 'config', key: 'backend' }));
  });

  it('refuses an unknown backend with a config error naming the key and the known names', () => {
    expect(() => resolveBackend(parseConfig({ backend: 'nope' }))).toThrow(ParleyError);
    try {
      resolveBackend(parseConfig({ backend: 'nope' }));
    } catch (e) {
      expect(e).toMatchObject({ code: 'config', key: 'backend' });
      expect((e as Error).message).toMatch(/pocketping, genesys, pingstreams/);
      expect((e as Error).message).toMatch(/"nope"/);
    }
  });
});
