/**
 * `parley-widget/element`: registers `<parley-chat>` (with the built-in backends and every shipped language) on import.
 */
import { addDictionaries } from '../ui/locales/all';
import { registerBuiltins } from './builtins';
import { provideWidget } from './deferred';
import { startWidget } from './start';
import { defineParley, ParleyElement } from './element';
import { registerBackend } from './registry';

registerBuiltins();
provideWidget(startWidget);
addDictionaries();
defineParley();

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyElement;
  }
}

export { defineParley, ParleyElement };
export { registerBackend };
