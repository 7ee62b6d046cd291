/** Stroke icons (24×24 grid): the paths are ./icon-paths.ts (the early launcher draws one without preact). */
export { CHAT_ICON, CLOSE_ICON, SEND_ICON } from './icon-paths';
/** A paper clip (Attach file). */
export const ATTACH_ICON = 'M16 7v9a4 4 0 0 1-8 0V6a2.5 2.5 0 0 1 5 0v9a1 1 0 0 1-2 0V7';
/** A bell (Turn on notifications). */
export const BELL_ICON = 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 21h4';

/** A decorative icon: the buttons carrying icons have accessible names. */
export const icon = (path: string) => (
  <svg viewBox="0 0 24 24" aria-hidden>
    <path d={path} />
  </svg>
);
