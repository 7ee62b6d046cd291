import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { ParleyError } from '../../src/core/errors';
import { registerBuiltins } from '../../src/embed/builtins';
import { deferBackend, isRegistered, provideBackend, registerBackend, resolveBackend, whenBackend } from '../../src/embed/registry';

registerBuiltins(); // as the npm element entry does
import type { TransportSpec } from '../../src/core/transport';

describe('backend registry', () => {
  it('knows the three built-in backends', () => {
    const spec = resolveBackend(parseConfig({ backend: 'pocketping', endpoint: 'https://shop.example/pocketping' }));
    expect(spec.backend).toBe('pocketping');
    for (const backend of ['genesys', 'pingstreams']) {
      // Reaches the backend's own validation (a config error naming one of its keys), not "unknown backend".
      // Factories do not throw: the spec's create() throws the config error (createChat reports it).
      const err = (() => {
        try {
          resolveBackend(parseConfig({ backend })).create(undefined as never);
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

describe('backends whose code loads on first use (dist/parley.js)', () => {
  const spec: TransportSpec = { backend: 'later', scope: 'later:1', create: () => ({}) as never };

  it('is known by name before its code is there, and resolves once the code has registered', async () => {
    let loads = 0;
    deferBackend('later', async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      registerBackend('later', () => spec);
    });
    const config = parseConfig({ backend: 'later' });
    const waiting = whenBackend(config);
    expect(waiting).toBeInstanceOf(Promise);
    expect(whenBackend(config)).toBe(waiting); // one load for every widget waiting on it
    await waiting;
    expect(whenBackend(config)).toBeUndefined();
    expect(resolveBackend(config)).toBe(spec);
    expect(loads).toBe(1);
  });

  it('tries a failed load again for the next widget, and names deferred backends among the known ones', async () => {
    let tries = 0;
    deferBackend('flaky', async () => {
      if (++tries == 1) throw new ParleyError('network', 'Could not load parley-flaky.js');
      registerBackend('flaky', () => ({ ...spec, backend: 'flaky' }));
    });
    const config = parseConfig({ backend: 'flaky' });
    await expect(whenBackend(config)).rejects.toMatchObject({ code: 'network', message: /parley-flaky\.js/ });
    await whenBackend(config);
    expect(resolveBackend(config).backend).toBe('flaky');
    expect(tries).toBe(2);
    deferBackend('someday', () => new Promise(() => {}));
    expect(() => resolveBackend(parseConfig({ backend: 'nope' }))).toThrow(/someday/);
  });

  it('needs no load for a backend that is already registered', () => {
    expect(whenBackend(parseConfig({ backend: 'pocketping', endpoint: 'https://shop.example/pp' }))).toBeUndefined();
  });
});

describe('a backend file arriving after the site registered the same name', () => {
  it("keeps the site's backend", () => {
    const site: TransportSpec = { backend: 'acme-late', scope: 'site', create: () => ({}) as never };
    const file: TransportSpec = { backend: 'acme-late', scope: 'file', create: () => ({}) as never };
    expect(isRegistered('acme-late')).toBe(false);
    provideBackend('acme-late', () => file);
    expect(resolveBackend(parseConfig({ backend: 'acme-late' }))).toBe(file);
    registerBackend('acme-late', () => site); // the site's own choice wins over a file
    provideBackend('acme-late', () => file); // a file that arrives later does not replace it
    expect(resolveBackend(parseConfig({ backend: 'acme-late' }))).toBe(site);
  });
});
