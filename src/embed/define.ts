/**
 * `parley-widget/element`: registers `<parley-chat>` (with the built-in backends) on import.
 */
import { registerBuiltins } from './builtins';
import { defineParley, ParleyElement } from './element';
import { registerBackend } from './registry';

registerBuiltins();
defineParley();

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyElement;
  }
}

export { defineParley, ParleyElement };
export { registerBackend };
