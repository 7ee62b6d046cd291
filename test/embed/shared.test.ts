import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import MODULES from '../../src/embed/shared-modules.json' with { type: 'json' };
import { shared } from '../../src/embed/shared';
import CHAT_MODULES from '../../src/embed/chat-shared-modules.json' with { type: 'json' };
import { chatShared } from '../../src/embed/chat-shared';
import * as signalsCore from '@preact/signals-core';

const SRC = resolve(import.meta.dirname, '../../src');
const files = (dir: string): string[] =>
  readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]));

/**
 * Every value a file fetched on demand imports from a shared module: the sources of those files
 * (the chat core, storage and tabs of dist/parley-chat.js, the window of dist/parley-ui.js, transports, the backend and language
 * entries, the token provider) that are not shared modules themselves.
 */
function importsFromShared(): Map<string, string> {
  const wanted = new Map<string, string>();
  // (dist/parley-auth.js brings the token provider itself: its imports count too.)
  const sources = [...files('core'), ...files('storage'), ...files('ui'), ...files('transports'), ...files('embed/backend'), ...files('embed/locale')]
    .concat('embed/chat-entry.ts', 'embed/chat-shared.ts', 'embed/ui-entry.ts', 'embed/lease-entry.ts', 'embed/bytes-entry.ts', 'embed/send-bytes-on-demand.ts')
    .concat('embed/start-chat.ts', 'embed/lifecycle.ts')
    .filter((f) => !MODULES.includes(f.replace(/\.tsx?$/, '')))
    .concat('auth/token-provider.ts', 'embed/auth.ts');
  for (const file of sources) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const [, names, from] of text.matchAll(/^import (?:\w+, )?\{([^}]+)\} from '([^']+)';$/gm)) {
      const target = relative(SRC, resolve(SRC, dirname(file), from!));
      if (!MODULES.includes(target)) continue;
      for (const part of names!.split(',').map((n) => n.trim()))
        if (part && !part.startsWith('type ')) wanted.set(part.split(/\s+as\s+/)[0]!, target);
    }
  }
  return wanted;
}

/** What dist/parley-auth.js puts on `Parley._k` (the names src/embed/auth.ts imports from the token provider). */
const AUTH = 'auth/token-provider';
const fromAuthFile = () => {
  const text = readFileSync(join(SRC, 'embed/auth.ts'), 'utf8');
  return text.match(/^import \{([^}]+)\} from '\.\.\/auth\/token-provider';$/m)![1]!.split(',').map((n) => n.trim());
};

// dist/parley-<backend>.js and dist/parley-locale-<lang>.js read the shared modules from
// `Parley._k` (vite.config.ts): a name missing there would break that file at run time.
describe('what parley.js shares with the files it fetches', () => {
  it('holds every value those files import from a shared module, as that module exports it', async () => {
    const wanted = importsFromShared();
    expect(wanted.size).toBeGreaterThan(10);
    for (const [name, path] of wanted) {
      const mod = (await import(/* @vite-ignore */ join(SRC, path + '.ts'))) as Record<string, unknown>;
      // The token provider's names come from dist/parley-auth.js, fetched when a widget needs site tokens.
      if (path == AUTH) expect(fromAuthFile(), name).toContain(name);
      else expect(shared[name as keyof typeof shared], `${name} from ${path}`).toBe(mod[name]);
    }
  });

  it('lists only modules that exist, and carries nothing no such file imports', () => {
    for (const path of MODULES) expect(files(dirname(path)).includes(path + '.ts'), path).toBe(true);
    // The token provider's own names are not here (only the stand-in for `authOption`).
    const names = [...importsFromShared()].filter(([n, path]) => path != AUTH || n == 'authOption').map(([n]) => n);
    expect(Object.keys(shared).sort()).toEqual(names.sort());
  });

  it('stands in for the token provider with "no site tokens" until dist/parley-auth.js is loaded', () => {
    expect(shared.authOption('pocketping', undefined)).toBeUndefined();
    expect(() => shared.authOption('pocketping', { tokenUrl: '/token' })).toThrow(expect.objectContaining({ code: 'config' }));
  });
});

describe('what parley.js fetches on demand', () => {
  it('is every shipped language but English and every built-in backend, each with its entry file', async () => {
    const { languages } = await import('../../src/ui/i18n');
    const ON_DEMAND = JSON.parse(readFileSync(join(SRC, 'embed/on-demand.json'), 'utf8')) as { backends: string[]; locales: string[] };
    expect([...ON_DEMAND.locales].sort()).toEqual(languages.filter((l) => l != 'en').sort());
    const builtins = readFileSync(join(SRC, 'embed/builtins.ts'), 'utf8');
    expect([...builtins.matchAll(/registerBackend\('([\w-]+)'/g)].map((m) => m[1]).sort()).toEqual([...ON_DEMAND.backends].sort());
    for (const b of ON_DEMAND.backends) expect(files('embed/backend'), b).toContain(join('embed/backend', b + '.ts'));
    for (const l of ON_DEMAND.locales) expect(files('embed/locale'), l).toContain(join('embed/locale', l + '.ts'));
  });
});

/** Every value a file of the window (src/ui/, built into dist/parley-ui.js) imports from a module it takes from dist/parley-chat.js. */
function uiImportsFromChat(): Map<string, string> {
  const wanted = new Map<string, string>();
  for (const file of files('ui').concat('embed/ui-entry.ts', 'embed/lease-entry.ts')) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const [, names, from] of text.matchAll(/^import (?:\w+, )?\{([^}]+)\} from '([^']+)';$/gm)) {
      const target = from!.startsWith('.') ? relative(SRC, resolve(SRC, dirname(file), from!)) : from!;
      if (!CHAT_MODULES.modules.includes(target)) continue;
      for (const part of names!.split(',').map((n) => n.trim()))
        if (part && !part.startsWith('type ')) wanted.set(part.split(/\s+as\s+/)[0]!, target);
    }
  }
  return wanted;
}

// dist/parley-ui.js reads the signals library and the modules of chat-shared-modules.json from
// `Parley._k`, where dist/parley-chat.js put them: a name missing there would break the window.
describe('what parley-chat.js shares with parley-ui.js', () => {
  it('holds every value the window imports from a module it takes from the chat, as that module exports it', async () => {
    const wanted = uiImportsFromChat();
    expect(wanted.size).toBeGreaterThan(2);
    for (const [name, path] of wanted) {
      const mod = (await import(/* @vite-ignore */ join(SRC, path + '.ts'))) as Record<string, unknown>;
      expect(chatShared[name as keyof typeof chatShared], `${name} from ${path}`).toBe(mod[name]);
    }
  });

  it('holds what the Preact binding of the signals takes from the signals library, one copy for chat and window', () => {
    const binding = readFileSync(resolve(SRC, '../node_modules/@preact/signals/dist/signals.mjs'), 'utf8');
    const names = [...binding.matchAll(/import\{([^}]+)\}from"@preact\/signals-core"/g)].flatMap((m) => m[1]!.split(',').map((part) => part.split(' as ')[0]!.trim()));
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(chatShared[name as keyof typeof chatShared], name).toBe(signalsCore[name as keyof typeof signalsCore]);
  });

  it('lists only modules that exist, and no name parley.js already shares', () => {
    for (const path of CHAT_MODULES.modules) expect(files(dirname(path)).includes(path + '.ts'), path).toBe(true);
    for (const name of Object.keys(chatShared)) expect(Object.keys(shared), name).not.toContain(name);
  });
});
