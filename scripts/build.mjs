// `npm run build`: an empty dist/, then dist/parley.js (the script-tag build), one
// dist/parley-<backend>.js per built-in backend (fetched by parley.js on first use), the npm ESM
// entries in dist/npm/, and their type declarations.
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { build } from 'vite';

export const BACKENDS = ['pocketping', 'genesys', 'pingstreams'];

rmSync('dist', { recursive: true, force: true });
for (const mode of ['iife', ...BACKENDS.map((b) => `backend-${b}`), 'npm']) await build({ mode });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
