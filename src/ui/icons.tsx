/** Stroke icons (24×24 grid): a chat bubble, a cross, an arrow and a paper clip. */
export const CHAT_ICON = 'M4 5h16v11h-9l-5 4v-4H4z';
export const CLOSE_ICON = 'M6 6l12 12M18 6 6 18';
export const SEND_ICON = 'M12 19V5M5 12l7-7 7 7';
/** A paper clip (Attach file). */
export const ATTACH_ICON = 'M16 7v9a4 4 0 0 1-8 0V6a2.5 2.5 0 0 1 5 0v9a1 1 0 0 1-2 0V7';

/** A decorative icon: the buttons carrying icons have accessible names. */
export const icon = (path: string) => (
  <svg viewBox="0 0 24 24" aria-hidden>
    <path d={path} />
  </svg>
);
