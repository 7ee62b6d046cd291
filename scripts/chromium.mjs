// The Chromium the end-to-end tests (e2e/helpers/browser.ts) and the bench (bench/run.mjs) drive through
// playwright-core: CHROMIUM_PATH when it is set, otherwise Debian's `chromium` (or `chromium-browser`) on the PATH.
// playwright-core downloads no browser of its own, so a machine without one gets one clear error saying what to do.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Flags for a quiet headless run in a container: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const NAMES = ['chromium', 'chromium-browser'];
export const CHROMIUM_NOT_FOUND =
  'Chromium not found: install Debian\'s chromium (apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chrome';

/** @param {string} path */
function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to launch.
 * @param {NodeJS.ProcessEnv} [env] where CHROMIUM_PATH and PATH are read (the process's by default)
 * @returns {string}
 * @throws {Error} naming what to install or set when there is none
 */
export function chromiumPath(env = process.env) {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (isExecutableFile(configured)) return configured;
    throw new Error(`CHROMIUM_PATH=${configured} is not an executable file. ${CHROMIUM_NOT_FOUND}`);
  }
  const folders = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) {
    for (const folder of folders) {
      const candidate = join(folder, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  throw new Error(CHROMIUM_NOT_FOUND);
}
