/**
 * `parley-widget/element`: registers `<parley-chat>` (with the built-in backends) on import.
 */
import { defineParley, ParleyElement } from './element';

defineParley();

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyElement;
  }
}

export { defineParley, ParleyElement };
export { registerBackend } from './registry';
