/**
 * Genesys guest-chat wire checks (protocols/genesys.md §5, §7). Nothing from the wire is trusted:
 * parsed JSON is read with `?.` (safe on any JSON value) and every leaf Parley keeps is checked;
 * what does not fit is dropped. Leaves only ever compared with constants (`role`, `state`,
 * `bodyType`, `metadata.type`) need no check.
 */
import type { Sender } from '../../core/types';

/** Parsed JSON from the wire: read with `?.`, check each leaf before keeping it. */
export type Json = any;

/** Short non-empty string (ids, timestamps, names). */
export { isId } from '../kit';

/** AGENT → agent, WORKFLOW/ACD → bot, CUSTOMER → visitor; unknown (lookup failed) → agent. */
export const role = (r: unknown): Sender => (r == 'WORKFLOW' || r == 'ACD' ? 'bot' : r == 'CUSTOMER' ? 'visitor' : 'agent');
