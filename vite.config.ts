/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };
import SHARED_MODULES from './src/embed/shared-modules.json' with { type: 'json' };
import ON_DEMAND from './src/embed/on-demand.json' with { type: 'json' };
import CHAT_SHARED_MODULES from './src/embed/chat-shared-modules.json' with { type: 'json' };

/** Dependencies stay external in the npm build; the IIFE bundles everything. */
const external = Object.keys(pkg.dependencies);

const shared: UserConfig = {
  define: { __PARLEY_VERSION__: JSON.stringify(pkg.version) },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  logLevel: 'warn',
};

/**
 * The minified files take reconnecting-websocket from the TypeScript source it ships (ES2015 classes
 * instead of its ES5 build's helpers: about 300 B less gzip); the npm build keeps the package as is.
 */
const fromSource = { 'reconnecting-websocket': fileURLToPath(new URL('node_modules/reconnecting-websocket/reconnecting-websocket.ts', import.meta.url)) };

/** One minified IIFE in dist/ (`extra`: more bundler options). */
const iife = (entry: string, file: string, name: string, extra?: object): UserConfig => ({
  ...shared,
  resolve: { alias: fromSource },
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    // `PARLEY_UNMINIFIED=1 npm run build`: readable names in CPU profiles (bench/trace-*.mjs); never shipped.
    minify: !process.env.PARLEY_UNMINIFIED,
    sourcemap: false,
    lib: { entry, formats: ['iife'], name, fileName: () => file },
    rolldownOptions: extra,
  },
});

/** `dist/parley.js`: one IIFE defining `window.Parley`. */
const iifeConfig = iife('src/embed/script.ts', 'parley.js', 'Parley');

/**
 * Modules a file fetched on demand takes from `dist/parley.js` (`Parley._k`, filled by
 * src/embed/shared.ts) instead of carrying its own copy: paths under src/ without `.ts`.
 */
const SHARED = new RegExp(`/src/(${SHARED_MODULES.join('|')})\\.ts$`);

/**
 * Modules `dist/parley-ui.js` takes from `dist/parley-chat.js` (which puts them on `Parley._k`,
 * src/embed/chat-shared.ts) instead of carrying its own copy: the signals library (one copy, or the
 * window would not follow the chat's signals) and the core modules both use.
 */
const CHAT_SHARED = new RegExp(`(/src/(${CHAT_SHARED_MODULES.modules.join('|')})\\.ts|/node_modules/@preact/signals-core/.*)$`);

/**
 * A file `dist/parley.js` fetches on demand, as an IIFE that hands what it brings to the page's
 * `Parley`: `dist/parley-chat.js` (the chat core, storage and tabs), `dist/parley-ui.js` (the
 * conversation window), `dist/parley-<backend>.js` (a built-in backend), `dist/parley-locale-<lang>.js`
 * (a language's strings), `dist/parley-bytes.js` (file uploads) or `dist/parley-auth.js` (the token provider, `own`: the shared module it
 * brings instead of reading it). The shared modules come from `Parley._k`; `fromChat`: also those of
 * `dist/parley-chat.js`.
 */
const onDemandConfig = (entry: string, file: string, { own, fromChat }: { own?: string; fromChat?: boolean } = {}): UserConfig =>
  iife(entry, file, 'ParleyPart', {
    external: (id: string) => (SHARED.test(id) && !id.endsWith(`/src/${own}.ts`)) || (!!fromChat && (CHAT_SHARED.test(id) || id == '@preact/signals-core')),
    output: { globals: () => 'Parley._k' },
  });

/**
 * `dist/npm/*.js`: ESM entries, dependencies external: the core, the element, the UI, and one per
 * built-in backend of src/embed/on-demand.json (`dist/npm/<backend>.js`, exported by package.json's
 * `./*` pattern as `parley-widget/<backend>`).
 */
const npmConfig: UserConfig = {
  ...shared,
  publicDir: false,
  build: {
    outDir: 'dist/npm',
    emptyOutDir: false,
    target: 'es2020',
    minify: false,
    sourcemap: true,
    lib: {
      entry: {
        index: 'src/index.ts',
        element: 'src/embed/define.ts',
        ui: 'src/embed/mount.ts',
        ...Object.fromEntries(ON_DEMAND.backends.map((backend) => [backend, `src/transports/${backend}/index.ts`])),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: (id: string) => external.some((d) => id === d || id.startsWith(d + '/')),
    },
  },
};

const testConfig: UserConfig = {
  ...shared,
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 15_000,
          hookTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 45_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // A browser on a loaded 2-core machine: conditions get 5 s, not expect.poll's 1 s default.
          expect: { poll: { timeout: 5_000 } },
        },
      },
    ],
  },
};

/** `vite build --mode iife` | `chat` | `ui` | `lease` | `bytes` | `backend-<name>` | `locale-<lang>` | `auth` | `npm`; otherwise the test configuration. */
export default defineConfig(({ mode }) => {
  // Only the first '-' separates: a backend name may have its own (`backend-genesys-messaging`).
  const separator = mode.indexOf('-');
  const kind = separator < 0 ? mode : mode.slice(0, separator);
  const name = mode.slice(separator + 1);
  if (kind === 'backend') {
    // The code that sends file bodies comes in its own file, on the first upload (src/embed/send-bytes-on-demand.ts).
    const backend = onDemandConfig(`src/embed/backend/${name}.ts`, `parley-${name}.js`);
    return { ...backend, resolve: { alias: [...Object.entries(fromSource).map(([find, replacement]) => ({ find, replacement })), { find: /^\.\.\/send-bytes$/, replacement: fileURLToPath(new URL('src/embed/send-bytes-on-demand.ts', import.meta.url)) }] } };
  }
  if (kind === 'locale') return onDemandConfig(`src/embed/locale/${name}.ts`, `parley-locale-${name}.js`);
  if (mode === 'chat') {
    // The lease election of browsers without Web Locks comes in its own file (src/tabs/lease-on-demand.ts).
    const chat = onDemandConfig('src/embed/chat-entry.ts', 'parley-chat.js');
    return { ...chat, resolve: { alias: [...Object.entries(fromSource).map(([find, replacement]) => ({ find, replacement })), { find: /^\.\/lease$/, replacement: fileURLToPath(new URL('src/tabs/lease-on-demand.ts', import.meta.url)) }] } };
  }
  if (mode === 'bytes') return onDemandConfig('src/embed/bytes-entry.ts', 'parley-bytes.js');
  if (mode === 'lease') return onDemandConfig('src/embed/lease-entry.ts', 'parley-lease.js', { fromChat: true });
  if (mode === 'ui') return onDemandConfig('src/embed/ui-entry.ts', 'parley-ui.js', { fromChat: true });
  if (mode === 'auth') return onDemandConfig('src/embed/auth.ts', 'parley-auth.js', { own: 'auth/token-provider' });
  return mode === 'iife' ? iifeConfig : mode === 'npm' ? npmConfig : testConfig;
});
