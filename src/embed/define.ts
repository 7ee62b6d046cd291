/**
 * `parley-widget/element`: registers `<parley-chat>` (with the built-in backends). The only module
 * that calls `customElements.define`; skipped when the name is taken (e.g. by a second copy of Parley).
 */
import { ParleyElement } from './element';

/** Defines `<parley-chat>` unless already defined. Explicit so bundlers never drop it as a side effect. */
export function defineParley(): void {
  if (!customElements.get('parley-chat')) customElements.define('parley-chat', ParleyElement);
}

defineParley();

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyElement;
  }
}

export { ParleyElement };
export { registerBackend } from './registry';
