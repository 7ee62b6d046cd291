/**
 * `parley-widget/element`: registers `<parley-chat>` (with the built-in backends and every shipped language) on import.
 */
import { addDictionaries } from '../ui/locales/all';
import { mountView } from './mount-view';
import { registerBuiltins } from './builtins';
import { chatCode, viewCode } from './deferred';
import { startChat } from './start-chat';
import { defineParley, ParleyElement } from './element';
import { registerBackend } from './registry';

registerBuiltins();
chatCode.provide(startChat);
viewCode.provide(mountView);
addDictionaries();
defineParley();

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyElement;
  }
}

export { defineParley, ParleyElement };
export { registerBackend };
