// Command-line flags of the bench's diagnosis scripts (bench/trace-*.mjs).

/** The number after `--name` on the command line, or `fallback` when the flag is not there. @param {string} name @param {number} fallback */
export function numberFlag(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
