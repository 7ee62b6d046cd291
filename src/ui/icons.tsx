/** Stroke icons (24×24 grid): the paths are ./icon-paths.ts (the early launcher draws one without preact). */
export { CHAT_ICON, CLOSE_ICON, SEND_ICON } from './icon-paths';

/** A decorative icon: the buttons carrying icons have accessible names. */
export const icon = (path: string) => (
  <svg viewBox="0 0 24 24" aria-hidden>
    <path d={path} />
  </svg>
);
