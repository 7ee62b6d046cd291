/**
 * The launcher's name in English, the one English string `dist/parley.js` needs (the rest of the
 * English dictionary, ./locales/en.ts, comes with the window).
 */
export const ENGLISH_LAUNCHER_NAME = 'Open chat';
