// Reports the size of dist/parley.js and of each file it fetches on demand (dist/parley-<backend>.js,
// dist/parley-locale-<lang>.js, dist/parley-auth.js): raw (the unminified build), minified, gzip -9,
// brotli q11; and what a page downloads for each backend (each file gzipped on its own, as served):
// in English (parley.js + the backend's file), at most in another language (+ the largest language
// file), and at most with site tokens as well (+ parley-auth.js).
// `--check` fails when dist/parley.js is over the gzip budget (24,000 B, the contract), or when a
// page's largest download is over PAGE_CEILING: pages are measured against the same 24,000 B goal and
// marked when over it, and the ceiling stops them from growing while they are (see the README).
// Writes reports/size.json.
import { readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const BUDGET_GZIP = 24_000;
// 26,500: the shared transport skeleton (transports/link.ts, options.ts) moved ~1 KB of readable code into parley.js.
const PAGE_CEILING = 26_500;
const { backends, locales } = JSON.parse(readFileSync('src/embed/on-demand.json', 'utf8'));

/** Sizes of one built file, with `raw` from the same mode built without minification. */
async function measure(mode, name) {
  const min = readFileSync(`dist/${name}`);
  const out = join(tmpdir(), `parley-size-${process.pid}`);
  await build({ mode, logLevel: 'silent', build: { outDir: out, minify: false, emptyOutDir: true } });
  const raw = readFileSync(join(out, name));
  rmSync(out, { recursive: true, force: true });
  return {
    raw: raw.length,
    minified: min.length,
    gzip: gzipSync(min, { level: 9 }).length,
    brotli: brotliCompressSync(min, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const files = { 'parley.js': await measure('iife', 'parley.js') };
for (const b of backends) files[`parley-${b}.js`] = await measure(`backend-${b}`, `parley-${b}.js`);
for (const l of locales) files[`parley-locale-${l}.js`] = await measure(`locale-${l}`, `parley-locale-${l}.js`);
files['parley-auth.js'] = await measure('auth', 'parley-auth.js');
const main = files['parley.js'];
const largest = (k) => Math.max(...locales.map((l) => files[`parley-locale-${l}.js`][k]));
const auth = files['parley-auth.js'];
const pages = Object.fromEntries(
  backends.map((b) => {
    const english = { gzip: main.gzip + files[`parley-${b}.js`].gzip, brotli: main.brotli + files[`parley-${b}.js`].brotli };
    const otherLanguage = { gzip: english.gzip + largest('gzip'), brotli: english.brotli + largest('brotli') };
    const withSiteTokens = { gzip: otherLanguage.gzip + auth.gzip, brotli: otherLanguage.brotli + auth.brotli };
    return [b, { english, otherLanguage, withSiteTokens }];
  }),
);
mkdirSync('reports', { recursive: true });
writeFileSync('reports/size.json', JSON.stringify({ budgetGzip: BUDGET_GZIP, pageCeilingGzip: PAGE_CEILING, files, pages }, null, 2) + '\n');

const kb = (n) => `${n.toLocaleString('en-US')} B`;
for (const [name, s] of Object.entries(files))
  console.log(`dist/${name}: raw ${kb(s.raw)} · minified ${kb(s.minified)} · gzip ${kb(s.gzip)} · brotli ${kb(s.brotli)}`);
const mark = (n) => (n > BUDGET_GZIP ? ` (over the ${kb(BUDGET_GZIP)} goal by ${kb(n - BUDGET_GZIP)})` : '');
console.log(`budget: dist/parley.js ${kb(main.gzip)} of ${kb(BUDGET_GZIP)} gzip${mark(main.gzip)}`);
for (const [b, s] of Object.entries(pages))
  console.log(
    `a ${b} page downloads, gzip: ${kb(s.english.gzip)} in English${mark(s.english.gzip)}; at most ${kb(s.otherLanguage.gzip)} in another language${mark(s.otherLanguage.gzip)}; ` +
      `at most ${kb(s.withSiteTokens.gzip)} with site tokens too${mark(s.withSiteTokens.gzip)}`,
  );

const over = [
  ['dist/parley.js', main.gzip, BUDGET_GZIP],
  ...Object.entries(pages).map(([b, s]) => [`a ${b} page`, s.withSiteTokens.gzip, PAGE_CEILING]),
].filter(([, n, limit]) => n > limit);
if (process.argv.includes('--check') && over.length) {
  for (const [what, n, limit] of over) console.error(`size: ${what} is ${n} B gzip, over ${limit} B`);
  process.exit(1);
}
