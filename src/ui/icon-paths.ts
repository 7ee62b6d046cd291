/** Stroke icons (24×24 grid) as SVG path data: a chat bubble, a cross and an arrow (no renderer needed). */
export const CHAT_ICON = 'M4 5h16v11h-9l-5 4v-4H4z';
export const CLOSE_ICON = 'M6 6l12 12M18 6 6 18';
export const SEND_ICON = 'M12 19V5M5 12l7-7 7 7';
