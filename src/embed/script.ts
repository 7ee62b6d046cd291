/**
 * Entry of `dist/parley.js` (IIFE, global `Parley` = this module's default export).
 *
 * Registers the PocketPing backend (the others come from the npm entries or `Parley.registerBackend`:
 * all three do not fit the 24 KB gzip budget together), defines `<parley-chat>`, replays the calls queued by the pre-load stub
 * (`window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)}`) in order,
 * then initialises from its own tag's `data-*` attributes when `data-backend` is there (unless a
 * queued `init` already did). Loaded twice, the first copy stays in charge.
 */
import { createParley, type ParleyApi } from './api';
import { toConfig } from './attributes';
import { pocketping } from '../transports/pocketping/index';
import { defineParley } from './element';
import { registerBackend } from './registry';

const w = window as unknown as { Parley?: ParleyApi & { q?: IArguments[] } };
const stub = w.Parley;

function boot(): ParleyApi {
  const data = (document.currentScript as HTMLScriptElement | null)?.dataset;
  const queued = stub?.q ?? [];
  registerBackend('pocketping', pocketping);
  defineParley();
  // Visible at once, so a handler running during the replay already talks to the real API.
  const api = (w.Parley = createParley());
  queued.map((args) => api(...(args as unknown as [string])));
  if (data?.backend && !queued.some((args) => args[0] == 'init')) api.init(toConfig(Object.entries(data) as [string, string][]));
  return api;
}

export default stub?.version ? stub : boot();
