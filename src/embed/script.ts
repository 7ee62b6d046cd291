/**
 * Entry of `dist/parley.js` (IIFE, global `Parley` = this module's default export).
 *
 * Defines `<parley-chat>` with every backend, replays the calls queued by the pre-load stub
 * (`window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)}`) in order,
 * then initialises from its own tag's `data-*` attributes when `data-backend` is there (unless a
 * queued `init` already did). Loaded twice, the first copy stays in charge.
 */
import { createParley, type ParleyApi } from './api';
import { toConfig } from './attributes';
import { defineParley } from './define';

type Stub = { q?: ArrayLike<unknown>[]; version?: string };

function boot(stub: Stub | undefined, script: HTMLScriptElement | null): ParleyApi {
  defineParley();
  const api = createParley();
  // Visible at once, so a handler running during the replay already talks to the real API.
  (window as { Parley?: unknown }).Parley = api;
  const queued = Array.from(stub?.q ?? [], (args) => Array.from(args));
  queued.forEach(([command, ...args]) => api(command as string, ...args));
  const data = script?.dataset;
  if (data?.backend && !queued.some(([command]) => command === 'init')) api.init(toConfig(Object.entries(data)));
  return api;
}

const stub = (window as { Parley?: Stub }).Parley;

export default stub?.version ? (stub as ParleyApi) : boot(stub, document.currentScript as HTMLScriptElement | null);
