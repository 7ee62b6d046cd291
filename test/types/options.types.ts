/**
 * Type tests (checked by `npm run typecheck`, never run): typed options reject what the run-time
 * checks would. Every `@ts-expect-error` line must fail to compile, or the typecheck fails.
 */
import { parseConfig, parseRawConfig, type ParleyOptions } from '../../src/core/config';
import type { Chat } from '../../src/core/model';
import { mount, type MountOptions } from '../../src/embed/mount';

declare const chat: Chat;
declare const element: Element;
declare const fromAttributes: unknown;

export function typedOptions() {
  // Accepted: the common keys with their documented values, and the backend's own options.
  parseConfig({ backend: 'pocketping', endpoint: 'https://shop.example/pocketping', mode: 'inline', theme: { radius: '8px' } });
  const options: ParleyOptions = { backend: 'genesys', deploymentId: 'd-1', region: 'mypurecloud.com', connect: 'open' };
  parseConfig(options);
  mount(chat, element, { mode: 'inline', theme: 'auto', locale: 'fr' });

  // @ts-expect-error a mode that does not exist
  parseConfig({ backend: 'pocketping', mode: 'bogus' });
  // @ts-expect-error `backend` is required
  parseConfig({ mode: 'inline' });
  // @ts-expect-error zIndex is a number (a numeric string only comes from data-* attributes: parseRawConfig)
  parseConfig({ backend: 'pocketping', zIndex: '10' });
  // @ts-expect-error unknown input needs the explicitly named raw route
  parseConfig(fromAttributes);
  // @ts-expect-error a position that does not exist
  mount(chat, element, { position: 'top-middle' });
  // @ts-expect-error mount takes the UI's keys, not a backend's options
  mount(chat, element, { endpoint: 'https://shop.example/pocketping' });
  // @ts-expect-error a theme name that does not exist
  const badMount: MountOptions = { theme: 'sepia' };

  // The raw route takes anything and checks it at run time.
  parseRawConfig(fromAttributes);
  return badMount;
}
