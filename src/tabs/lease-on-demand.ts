/**
 * In `dist/parley-chat.js`, the stand-in for ./lease.ts (vite.config.ts points `./lease` here for that
 * build only): browsers without the Web Locks API are few, so the BroadcastChannel lease that elects the
 * owner tab in them comes in its own file, `dist/parley-lease.js`, which `dist/parley.js` fetches before
 * it starts the chat in such a browser (src/embed/lease-entry.ts). The npm entries and the tests use
 * ./lease.ts itself.
 */
import type { Elect } from './election';
import type { LeaseOptions } from './lease';

type LeaseElection = (options: LeaseOptions) => Elect;

let provided: LeaseElection | undefined;

/** Hands over the real lease election (called by `dist/parley-lease.js`). */
export function provideLease(lease: LeaseElection): void {
  provided ??= lease;
}

/**
 * The lease election once provided. Without it (its file could not be had), every tab is its own
 * owner: each holds its own link, as a single tab does, and loses nothing.
 */
export function leaseElection(options: LeaseOptions): Elect {
  if (provided) return provided(options);
  return (_name, onOwner) => {
    onOwner(true);
    return { leave: () => onOwner(false) };
  };
}
