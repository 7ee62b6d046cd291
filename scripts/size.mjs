// Reports the size of dist/parley.js (the launcher path: what a page loads before the launcher shows)
// and of each file it fetches on demand (dist/parley-chat.js, dist/parley-ui.js, dist/parley-<backend>.js,
// dist/parley-locale-<lang>.js, dist/parley-auth.js, dist/parley-bytes.js): raw (the unminified build), minified, gzip -9,
// brotli q11; and what a page downloads for each backend (each file gzipped on its own, as served):
// in English with the widget closed, the common case (parley.js + parley-chat.js, which comes when the
// page is idle, + the backend's file); with the window opened too (+ parley-ui.js, which comes when
// the visitor opens the window or points at the launcher, or a message is unread); at most in another
// language (+ the largest language file), and at most with site tokens as well (+ parley-auth.js).
// The budgets are in size-budgets.json (the one place they are written; the README states the same):
// dist/parley.js, and each backend's page in English, closed and opened. `--check` fails when one is
// exceeded, or when a backend has no budget. A goal is reported, never enforced. Writes reports/size.json.
import { readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const budgets = JSON.parse(readFileSync('size-budgets.json', 'utf8'));
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

const files = {
  'parley.js': await measure('iife', 'parley.js'),
  'parley-chat.js': await measure('chat', 'parley-chat.js'),
  'parley-ui.js': await measure('ui', 'parley-ui.js'),
};
for (const backend of backends) files[`parley-${backend}.js`] = await measure(`backend-${backend}`, `parley-${backend}.js`);
for (const locale of locales) files[`parley-locale-${locale}.js`] = await measure(`locale-${locale}`, `parley-locale-${locale}.js`);
files['parley-auth.js'] = await measure('auth', 'parley-auth.js');
// Fetched only by a widget that uploads a file (and parley-lease.js only in a browser without Web Locks).
files['parley-bytes.js'] = await measure('bytes', 'parley-bytes.js');
const main = files['parley.js'];
const chat = files['parley-chat.js'];
const ui = files['parley-ui.js'];
/** The largest language file's size, `compression` 'gzip' or 'brotli'. */
const largestLocale = (compression) => Math.max(...locales.map((locale) => files[`parley-locale-${locale}.js`][compression]));
const auth = files['parley-auth.js'];
const pages = Object.fromEntries(
  backends.map((backend) => {
    const backendFile = files[`parley-${backend}.js`];
    const english = { gzip: main.gzip + chat.gzip + backendFile.gzip, brotli: main.brotli + chat.brotli + backendFile.brotli };
    const opened = { gzip: english.gzip + ui.gzip, brotli: english.brotli + ui.brotli };
    const otherLanguage = { gzip: opened.gzip + largestLocale('gzip'), brotli: opened.brotli + largestLocale('brotli') };
    const withSiteTokens = { gzip: otherLanguage.gzip + auth.gzip, brotli: otherLanguage.brotli + auth.brotli };
    return [backend, { english, opened, otherLanguage, withSiteTokens }];
  }),
);
mkdirSync('reports', { recursive: true });
writeFileSync('reports/size.json', JSON.stringify({ budgets, files, pages }, null, 2) + '\n');

const bytes = (n) => `${n.toLocaleString('en-US')} B`;
for (const [name, sizes] of Object.entries(files))
  console.log(`dist/${name}: raw ${bytes(sizes.raw)} · minified ${bytes(sizes.minified)} · gzip ${bytes(sizes.gzip)} · brotli ${bytes(sizes.brotli)}`);
for (const [backend, page] of Object.entries(pages))
  console.log(
    `a ${backend} page downloads, gzip: ${bytes(main.gzip)} before its launcher shows, ${bytes(page.english.gzip)} in all in English while the ` +
      `window stays closed, ${bytes(page.opened.gzip)} once it is opened; at most ${bytes(page.otherLanguage.gzip)} in another language; ` +
      `at most ${bytes(page.withSiteTokens.gzip)} with site tokens too`,
  );

/** Each budget as the README states it, with what was measured. */
const checks = [
  { what: 'dist/parley.js (the launcher path)', budget: budgets['parley.js'].budget, measured: main.gzip },
  ...backends.map((backend) => ({
    what: `a ${backend} page in English, window closed (parley.js + parley-chat.js + parley-${backend}.js)`,
    budget: budgets.pageInEnglish[backend],
    measured: pages[backend].english.gzip,
  })),
  ...backends.map((backend) => ({
    what: `a ${backend} page in English, window opened (+ parley-ui.js)`,
    budget: budgets.openedInEnglish[backend],
    measured: pages[backend].opened.gzip,
  })),
];
const failures = [];
for (const { what, budget, measured } of checks) {
  if (budget == null) {
    failures.push(`${what} has no budget in size-budgets.json`);
    continue;
  }
  const verdict = measured <= budget ? `ok, ${bytes(budget - measured)} to spare` : `OVER by ${bytes(measured - budget)}`;
  console.log(`budget: ${what} ≤ ${bytes(budget)} gzip: ${bytes(measured)}, ${verdict}`);
  if (measured > budget) failures.push(`${what} is ${bytes(measured)} gzip, over its ${bytes(budget)} budget`);
}
const goal = budgets['parley.js'].goal;
console.log(`goal (reported, not enforced): dist/parley.js ${bytes(goal)} gzip: ${bytes(main.gzip)} today, ${bytes(Math.max(0, main.gzip - goal))} to go`);

if (process.argv.includes('--check') && failures.length) {
  for (const failure of failures) console.error(`size: ${failure}`);
  process.exit(1);
}
