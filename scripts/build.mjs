// `npm run build`: an empty dist/, then dist/parley.js (the script-tag build: the launcher path), the
// files it fetches when idle or on first use (dist/parley-chat.js: the chat core, storage and tabs; dist/parley-ui.js: the conversation window;
// dist/parley-<backend>.js per built-in backend, dist/parley-locale-<lang>.js per language but English, dist/parley-auth.js for site tokens), the npm ESM entries in dist/npm/, and their type declarations.
import { readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { build } from 'vite';

const { backends, locales } = JSON.parse(readFileSync('src/embed/on-demand.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });
for (const mode of ['iife', 'chat', 'ui', 'lease', 'bytes', ...backends.map((b) => `backend-${b}`), ...locales.map((l) => `locale-${l}`), 'auth', 'npm']) await build({ mode });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
