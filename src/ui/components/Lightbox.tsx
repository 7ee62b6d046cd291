/**
 * An image at full size over the window: a modal dialog named by the file name, with a Close button that
 * takes focus. Escape or Close closes it (and only it: the chat window stays open); the opener gets focus
 * back (its `onClose`).
 */
import { useEffect, useRef } from 'preact/hooks';
import { CLOSE_ICON, icon } from '../icons';
import type { WidgetState } from '../state';

interface LightboxProps {
  url: string;
  name: string;
  state: WidgetState;
  onClose(): void;
}

export function Lightbox({ url, name, state, onClose }: LightboxProps) {
  const { t } = state.i18n.value;
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div
      class="lightbox"
      role="dialog"
      aria-modal="true"
      aria-label={name}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
        // Focus stays on the one control while the image is open.
        if (event.key === 'Tab') event.preventDefault();
      }}
      onClick={(event) => event.target === event.currentTarget && onClose()}
    >
      <img src={url} alt={name} referrerpolicy="no-referrer" />
      <button ref={close} type="button" class="icon-button lightbox-close" aria-label={t('closeImage')} onClick={onClose}>
        {icon(CLOSE_ICON)}
      </button>
    </div>
  );
}
