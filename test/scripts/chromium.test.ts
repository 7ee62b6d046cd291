/** Where e2e tests and the bench find Chromium (scripts/chromium.mjs), against real files in a temporary folder. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../scripts/chromium.mjs';

const folder = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** An executable file at `folder/<name>`. */
function fakeBrowser(name: string): string {
  const path = join(folder, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

const NOT_FOUND = "Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chrome";

describe('chromiumPath()', () => {
  it('finds chromium (or chromium-browser) on the PATH', () => {
    const path = fakeBrowser('bin-a/chromium-browser');
    expect(chromiumPath({ PATH: join(folder, 'empty') + ':' + join(folder, 'bin-a') })).toBe(path);
  });

  it('prefers CHROMIUM_PATH over the PATH', () => {
    fakeBrowser('bin-b/chromium');
    const chrome = fakeBrowser('opt/google-chrome');
    expect(chromiumPath({ PATH: join(folder, 'bin-b'), CHROMIUM_PATH: chrome })).toBe(chrome);
  });

  it('says what to install or set when there is no Chromium', () => {
    expect(() => chromiumPath({ PATH: join(folder, 'empty') })).toThrow(NOT_FOUND);
    expect(() => chromiumPath({})).toThrow(NOT_FOUND);
  });

  it('names a CHROMIUM_PATH that is not an executable file', () => {
    const missing = join(folder, 'nowhere/chrome');
    expect(() => chromiumPath({ CHROMIUM_PATH: missing })).toThrow(`CHROMIUM_PATH=${missing} is not an executable file. ${NOT_FOUND}`);
    writeFileSync(join(folder, 'not-executable'), '');
    expect(() => chromiumPath({ CHROMIUM_PATH: join(folder, 'not-executable') })).toThrow(/is not an executable file/);
  });
});
