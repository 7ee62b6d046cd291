/**
 * HTML attributes → raw config, shared by the script tag (`data-*`) and `<parley-chat>`.
 * Names go from kebab-case to the camelCase config keys (`organization-id` → `organizationId`);
 * `true`/`false` become booleans and `{…}`/`[…]` JSON (theme tokens, strings, user, backend option
 * objects such as `socket`). The rest stays text (`"123"` is an id, not a number): `parseConfig`
 * reads numbers and bare boolean attributes of the common keys, each backend factory its own options.
 */

/** Attributes that belong to the element itself: never config, and changing them restarts nothing. */
const SKIP = /^(aria|data)-|^(class|style|id|slot|hidden|lang|dir)$/;

/** Raw config from `[name, value]` pairs (kebab-case or already camelCase names). */
export function toConfig(entries: Iterable<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of entries) {
    if (SKIP.test(name)) continue;
    let value: unknown = v;
    try {
      // Only JSON that starts like an object, an array, true or false: bad JSON stays text for validation to name.
      if (/^[[{tf]/.test(v)) value = JSON.parse(v);
    } catch {}
    out[name.replace(/-(.)/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}
