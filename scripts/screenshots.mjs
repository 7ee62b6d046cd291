// Makes the README's hero screenshots, docs/screenshots/light.png and dark.png: the demo page
// (servers/demo.js) with the chat open on one short conversation (markdown, a link, an emoji in the
// welcome text), answered from the operator console, with the operator typing.
//
// Needs, besides `npm run build`:
// - Chromium: Debian's `chromium` package (/usr/bin/chromium), or CHROMIUM_PATH pointing at another one;
// - a colour emoji font, or the 👋 of the welcome text is an empty box: on Debian/Ubuntu
//   `apt-get install -y fonts-noto-color-emoji` (the script checks with `fc-list` and stops without one).
//
// Usage: node scripts/screenshots.mjs
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

const OUT = 'docs/screenshots';
const VIEWPORT = { width: 1100, height: 760 };
const QUESTION = 'Hi! Where is my **order** #1234? See https://example.com/o/1234';
const ANSWER = 'Hello! It shipped today, _arriving Friday_. Anything else?';

function fail(message) {
  console.error(`screenshots: ${message}`);
  process.exit(1);
}

let fonts = '';
try {
  fonts = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
} catch {
  fail('`fc-list` is missing (fontconfig): cannot check for a colour emoji font');
}
if (!/emoji/i.test(fonts)) fail('no colour emoji font: install one (Debian/Ubuntu: apt-get install -y fonts-noto-color-emoji)');
if (!existsSync('dist/parley.js')) fail('dist/parley.js is missing: run `npm run build` first');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(executablePath)) fail(`no Chromium at ${executablePath}: install Debian's chromium or set CHROMIUM_PATH`);

const port = await new Promise((resolve, reject) => {
  const probe = createServer().once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const demo = spawn(process.execPath, ['servers/demo.js'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the demo server did not start in 10 s')), 10_000);
  demo.stdout.on('data', (chunk) => {
    if (String(chunk).includes('Parley demo')) {
      clearTimeout(timer);
      resolve();
    }
  });
});
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });

try {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.evaluate(() => window.Parley.setTheme('light'));
  await page.getByRole('button', { name: 'Open chat' }).click();
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(QUESTION);
  await composer.press('Enter');

  // The operator answers from the console, then starts typing again (the widget shows the dots).
  const operator = await context.newPage();
  await operator.goto(base + '/operator.html');
  await operator.locator('#sessions button').first().click({ timeout: 10_000 });
  const reply = operator.getByRole('textbox', { name: 'Reply' });
  await reply.fill(ANSWER);
  await reply.press('Enter');
  await page.getByRole('log').getByText('arriving Friday').waitFor({ timeout: 10_000 });
  await reply.pressSequentially('Let me check');
  await page.locator('.typing-indicator').waitFor({ timeout: 10_000 });
  await page.bringToFront();
  await page.mouse.move(5, 5);
  // The delivery ticks and fonts settle.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${OUT}/light.png` });

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => window.Parley.setTheme('dark'));
  await reply.pressSequentially('.');
  await page.locator('.typing-indicator').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: `${OUT}/dark.png` });
  console.log(`screenshots: wrote ${OUT}/light.png and ${OUT}/dark.png`);
} finally {
  await browser.close();
  demo.kill('SIGTERM');
}
