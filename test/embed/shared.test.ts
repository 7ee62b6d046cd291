import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import MODULES from '../../src/embed/shared-modules.json' with { type: 'json' };
import { shared } from '../../src/embed/shared';

// dist/parley-<backend>.js files read these modules from `Parley._k` (vite.config.ts): a module
// missing from the object, or two modules exporting one name, would break a backend at run time.
describe('modules shared with the backend files', () => {
  it('puts exactly the listed modules on Parley._k', () => {
    const source = readFileSync(new URL('../../src/embed/shared.ts', import.meta.url), 'utf8');
    const imported = [...source.matchAll(/^import \* as \w+ from '\.\.\/(.+)';$/gm)].map((m) => m[1]);
    expect(imported.sort()).toEqual([...MODULES].sort());
  });

  it('has no export name in two shared modules, so none hides another', async () => {
    const seen = new Map<string, string>();
    for (const path of MODULES) {
      const mod = (await import(/* @vite-ignore */ new URL(`../../src/${path}.ts`, import.meta.url).pathname)) as Record<string, unknown>;
      for (const name of Object.keys(mod)) {
        expect(seen.get(name), `${name} is exported by ${seen.get(name)} and ${path}`).toBeUndefined();
        seen.set(name, path);
        expect(shared[name as keyof typeof shared]).toBe(mod[name]);
      }
    }
    expect(seen.size).toBe(Object.keys(shared).length);
  });
});
