/** Stroke icons (24×24 grid): a chat bubble, a cross, an arrow and a bell. */
export const CHAT_ICON = 'M4 5h16v11h-9l-5 4v-4H4z';
export const CLOSE_ICON = 'M6 6l12 12M18 6 6 18';
export const SEND_ICON = 'M12 19V5M5 12l7-7 7 7';
export const BELL_ICON = 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 21h4';

/** A decorative icon: the buttons carrying icons have accessible names. */
export const icon = (path: string) => (
  <svg viewBox="0 0 24 24" aria-hidden>
    <path d={path} />
  </svg>
);
