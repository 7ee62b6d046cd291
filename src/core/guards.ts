/**
 * Run-time type guards for data Parley did not make itself: config from a script tag or `data-*`
 * attributes, wire frames, records read back from storage.
 */

/** A string. */
export const isText = (value: unknown): value is string => typeof value === 'string';

/** A non-empty string. */
export const isNonEmptyText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** A plain object (not null, not an array): config records, wire frames, stored records. */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A plain object whose values are all strings (`strings`; backends' header maps). */
export const isStrings = (value: unknown): value is Record<string, string> => isObject(value) && Object.values(value).every(isText);
