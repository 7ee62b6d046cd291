/**
 * The widget's root: the launcher (floating mode), the window once first opened, and the announcer.
 * It reads no signal while rendering (its classes, direction and language are signals bound to the
 * element), so it renders once per mount: what changes re-renders only the component that shows it.
 */
import { useComputed } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { cancelCompose, type WidgetState } from '../state';
import { Announcer } from './Announcer';
import { Launcher } from './Launcher';
import { Panel } from './Panel';

interface WidgetProps {
  state: WidgetState;
  /** `position: 'bottom-left'`. */
  left: boolean;
}

/**
 * Root classes: `widget`, plus `floating` (not inline), `left` (bottom-left) and `open` (window open).
 * Escape cancels a reply/edit first, then closes the (floating) window.
 */
export function Widget({ state, left }: WidgetProps) {
  const { chat, inline, i18n } = state;
  const classes = useComputed(() =>
    ['widget', !inline && 'floating', left && 'left', (inline || chat.isOpen.value) && 'open'].filter(Boolean).join(' '),
  );
  const dir = useComputed(() => i18n.value.dir);
  const lang = useComputed(() => i18n.value.lang);
  return (
    <div
      class={classes}
      dir={dir}
      lang={lang}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.isComposing) return;
        if (state.composeTarget.peek()) cancelCompose(state);
        else if (!inline && chat.isOpen.peek()) chat.setOpen(false);
      }}
    >
      {!inline && <Launcher state={state} />}
      <PanelOnceOpened state={state} />
      <Announcer state={state} />
    </div>
  );
}

/**
 * The window mounts on first open (or ahead of it, hidden, when the visitor is about to open it) and then
 * stays (hidden when closed) so the draft and scroll position survive. Once mounted, this reads no signal
 * any more.
 */
function PanelOnceOpened({ state }: { state: WidgetState }) {
  const opened = useRef(false);
  if (!opened.current) opened.current = state.inline || !!state.renderAhead || state.chat.isOpen.value;
  return opened.current ? <Panel state={state} /> : null;
}
