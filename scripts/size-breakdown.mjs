// Where the bytes of dist/parley.js come from: builds the IIFE with a source map and attributes every
// minified byte to its source file, then gzips each file's share on its own (so the column sums to more
// than the real total: gzip shares strings across files). Use it to compare before/after a change.
// Usage: node scripts/size-breakdown.mjs [--areas] [--file widget|backend-<name>|locale-<lang>|auth]
// (default: dist/parley.js, the launcher path).
import { build } from 'vite';
import { readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fileArg = process.argv.indexOf('--file');
const mode = fileArg > 0 ? process.argv[fileArg + 1] : 'iife';
const name = mode == 'iife' ? 'parley.js' : `parley-${mode.replace(/^backend-/, '')}.js`;
const out = join(tmpdir(), `parley-breakdown-${process.pid}`);
await build({ mode, logLevel: 'silent', build: { outDir: out, sourcemap: true, emptyOutDir: true } });
const code = readFileSync(join(out, name), 'utf8');
const map = JSON.parse(readFileSync(join(out, name + '.map'), 'utf8'));
rmSync(out, { recursive: true, force: true });

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** @param {string} s */
function vlq(s) {
  const v = [];
  let shift = 0, val = 0;
  for (const c of s) {
    const d = B64.indexOf(c);
    val += (d & 31) << shift;
    if (d & 32) shift += 5;
    else { v.push(val & 1 ? -(val >>> 1) : val >>> 1); val = 0; shift = 0; }
  }
  return v;
}

const lines = code.split('\n');
/** @type {Record<string, string[]>} */
const parts = {};
let src = 0;
let last = 0;
map.mappings.split(';').forEach((line, li) => {
  let col = 0;
  // A line without mappings (the rest of a multi-line string) belongs to the source before it.
  const starts = line ? [] : [[0, last]];
  for (const seg of line.split(',').filter(Boolean)) {
    const v = vlq(seg);
    col += v[0];
    if (v.length > 1) src += v[1];
    starts.push([col, src]);
  }
  if (starts.length) last = starts[starts.length - 1][1];
  starts.forEach(([c, s], i) => {
    const end = i + 1 < starts.length ? starts[i + 1][0] : lines[li].length;
    (parts[map.sources[s]] ??= []).push(lines[li].slice(c, end));
  });
});

const areas = process.argv.includes('--areas');
/** @param {string} f */
function key(f) {
  const nm = f.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return `lib ${nm[1]}`;
  const p = f.replace(/^.*?(?=src\/)/, '');
  if (!areas) return p;
  const m = p.match(/^src\/(transports\/(pocketping|genesys|pingstreams)|transports|core|storage|ui|embed|auth)/);
  return m ? m[1].replace('transports/', 'transport ') : p;
}
/** @type {Record<string, string>} */
const agg = {};
for (const [f, p] of Object.entries(parts)) agg[key(f)] = (agg[key(f)] ?? '') + p.join('');
const rows = Object.entries(agg)
  .map(([k, s]) => [k, s.length, gzipSync(s, { level: 9 }).length])
  .sort((a, b) => Number(b[2]) - Number(a[2]));
console.log('  gzip     min  source');
for (const [k, m, g] of rows) console.log(`${String(g).padStart(6)} ${String(m).padStart(7)}  ${k}`);
const own = rows.filter((r) => !String(r[0]).startsWith('lib ')).reduce((a, r) => a + Number(r[2]), 0);
const budgets = JSON.parse(readFileSync('size-budgets.json', 'utf8'))['parley.js'];
console.log(`own code, sum of per-file gzip: ${own}; whole file gzip: ${gzipSync(code, { level: 9 }).length}`);
console.log(`dist/parley.js budget ${budgets.budget} B gzip, goal ${budgets.goal} B (size-budgets.json)`);
