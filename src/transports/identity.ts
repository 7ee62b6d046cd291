/**
 * Identity mapping (docs/identity.md): how the traits given to `identify()` become a backend's own
 * contact fields. Each backend has a default map, `backend field → trait name`; the source `'*'`
 * stands for every trait the map does not name, as one object (on the field `'*'`: merged at the
 * top level). A site changes it with the `identityMap` option, the same on every backend: an
 * object applied over the default (`{ fullname: 'nickname', email: false }`: another trait, or
 * false to drop the field, and the trait of that name from `'*'`), or a function that returns the
 * fields itself.
 */
import { invalid } from '../core/config';
import { isObject } from '../core/guards';
import type { Identity } from '../core/types';

/** The `identityMap` option of every built-in backend. */
export type IdentityMap = Record<string, string | false> | ((identity: Identity) => Record<string, unknown>);

/** Contact fields, read by the backend that asked for them. */
export type Fields = Record<string, unknown>;

/**
 * Validates `option` (a `config` error names `identityMap`) and returns the backend's mapping:
 * `option` itself when it is a function, else `defaults` with `option` over it.
 */
export function identityMapper(who: string, option: unknown, defaults: Record<string, string>): (identity: Identity) => Fields {
  if (typeof option == 'function') return option as (identity: Identity) => Fields;
  if (!isObject(option ?? {})) invalid('identityMap', 'an object or a function', who);
  const map: Record<string, string | false> = { ...defaults, ...(option as Record<string, string | false>) };
  // Not among the other traits (`'*'`): traits any map names (a default too, even when the site renamed or
  // dropped its field), and a dropped field's own name (`{ id: false }` keeps the trait `id` out of them).
  const named = Object.values(defaults);
  for (const field in map) named.push(map[field] || field);
  return (identity) => {
    const otherTraits: Fields = { ...identity };
    const fields: Fields = {};
    for (const trait of named) delete otherTraits[trait];
    for (const field in map) {
      const trait = map[field];
      // A dropped field, or a value that names no trait (neither a string nor false), is left out.
      if (!trait || typeof trait != 'string') continue;
      const value = trait == '*' ? otherTraits : identity[trait];
      // A trait the visitor does not have leaves the field out (and the backend's default in place).
      if (value === undefined) continue;
      if (field == '*') Object.assign(fields, value);
      else fields[field] = value;
    }
    return fields;
  };
}
