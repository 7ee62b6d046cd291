/**
 * HTML attributes → raw config, shared by the script tag (`data-*`) and `<parley-chat>`.
 * Names go from kebab-case to the camelCase config keys (`organization-id` → `organizationId`);
 * values are strings: `true`/`false` become booleans and `{…}`/`[…]` JSON (theme tokens, strings,
 * user, backend option objects). The rest stays a string for `parseConfig` (which also reads
 * numbers and bare boolean attributes) and the backend factory to validate.
 */

/** Attributes that belong to the element itself, never to the config. */
const SKIP = /^(class|style|id|slot|hidden|tabindex|part|is|lang|dir|inert|aria-.*|data-.*)$/;

/** `primary-color` → `primaryColor`. */
export const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function parse(v: string): unknown {
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      // Not JSON after all: leave it to validation, which names the key.
    }
  }
  return v;
}

/** Raw config from `[name, value]` pairs (kebab-case or already camelCase names). */
export function toConfig(entries: Iterable<[string, string | undefined]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of entries) {
    if (v !== undefined && !SKIP.test(name)) out[camel(name)] = parse(v);
  }
  return out;
}

/** Raw config from an element's attributes. */
export const attributesOf = (el: Element): Record<string, unknown> =>
  toConfig(Array.from(el.attributes, (a): [string, string] => [a.name, a.value]));
