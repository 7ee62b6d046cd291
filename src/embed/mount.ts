/**
 * `mount(chat, target, options)`: the UI for a chat an app made with `createChat()` (npm, SPAs),
 * without the custom element or the global API.
 */
import { parseConfig, type ParleyConfig } from '../core/config';
import type { Chat } from '../core/model';
import { addDictionaries } from '../ui/locales/all';
import { mountWidget, type WidgetView } from '../ui/mount';
import { follow } from './lifecycle';

/** The config keys the UI reads (and `connect`, when to connect), all optional. */
export type MountOptions = Partial<
  Pick<
    ParleyConfig,
    'theme' | 'primaryColor' | 'position' | 'mode' | 'locale' | 'strings' | 'title' | 'subtitle' | 'welcomeMessage' | 'placeholder' | 'zIndex' | 'connect' | 'debug'
  >
>;

/**
 * Renders `chat` into its own open shadow root in a new `<div>` appended to `target` (default
 * `document.body`), and connects it by `options.connect` (default `eager`). `options` takes the UI
 * keys of the config (`theme`, `mode: 'inline'`, `locale`, `title`, `primaryColor`, ...); bad
 * values throw a `config` ParleyError naming the key. `unmount()` removes the UI; the chat stays
 * yours (still connected, or connecting as its policy said) to `destroy()`.
 * @example
 * const chat = createChat(pocketping({ endpoint: '/pocketping' }), parseConfig({ backend: 'pocketping' }));
 * const view = mount(chat, document.querySelector('#help')!, { mode: 'inline', theme: 'auto' });
 */
export function mount(chat: Chat, target: Element = document.body, options: MountOptions = {}): WidgetView {
  const config = parseConfig({ backend: 'custom', ...options });
  addDictionaries();
  const host = target.appendChild(target.ownerDocument.createElement('div'));
  const view = mountWidget(host.attachShadow({ mode: 'open' }), chat, config);
  follow(chat, config.connect);
  return {
    ...view,
    unmount() {
      view.unmount();
      host.remove();
    },
  };
}
