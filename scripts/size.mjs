// Reports the size of dist/parley.js (raw = unminified build, minified, gzip -9, brotli q11).
// `--check` fails when gzip exceeds the budget. Writes reports/size.json.
import { readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const BUDGET_GZIP = 24_000;
const file = 'dist/parley.js';
const min = readFileSync(file);

// The unminified size, from the same entry built without minification.
const out = join(tmpdir(), `parley-size-${process.pid}`);
await build({ mode: 'iife', logLevel: 'silent', build: { outDir: out, minify: false, emptyOutDir: true } });
const raw = readFileSync(join(out, 'parley.js'));
rmSync(out, { recursive: true, force: true });

const sizes = {
  raw: raw.length,
  minified: min.length,
  gzip: gzipSync(min, { level: 9 }).length,
  brotli: brotliCompressSync(min, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  budgetGzip: BUDGET_GZIP,
};
mkdirSync('reports', { recursive: true });
writeFileSync('reports/size.json', JSON.stringify(sizes, null, 2) + '\n');
const kb = (n) => `${n.toLocaleString('en-US')} B`;
console.log(`${file}: raw ${kb(sizes.raw)} · minified ${kb(sizes.minified)} · gzip ${kb(sizes.gzip)} · brotli ${kb(sizes.brotli)} (budget ${kb(BUDGET_GZIP)} gzip)`);
if (process.argv.includes('--check') && sizes.gzip > BUDGET_GZIP) {
  console.error(`size: dist/parley.js is ${sizes.gzip} B gzip, over the ${BUDGET_GZIP} B budget`);
  process.exit(1);
}
