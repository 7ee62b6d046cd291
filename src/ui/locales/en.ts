/**
 * English UI strings: the reference dictionary. Every other dictionary (./fr.ts, ...) is typed
 * `Strings`, so a key missing from it, or one English does not have, fails the typecheck;
 * test/ui/i18n.test.ts checks that each value is non-empty and has English's `{n}`/`{name}`
 * placeholders. The contract's accessible names (ARCHITECTURE.md §3) are `launcher` ("Open chat"),
 * `message` ("Message") and `send` ("Send"). Keys are public: the `strings` config overrides them by name.
 *
 * Adding a string: add it here and to each ./<lang>.ts (the typecheck lists the ones you missed).
 * Adding a language `xx` (three files):
 *   1. src/ui/locales/xx.ts — `const xx: Strings = { … }; export default xx;` (./all.ts finds it);
 *   2. src/embed/locale/xx.ts — the on-demand file `dist/parley-locale-xx.js` (copy ../../embed/locale/fr.ts);
 *   3. src/embed/on-demand.json — `xx` in `locales` (the build, the size check and `languages` read it).
 *
 * Plurals: a key whose English value is an object (`unread`) has one string per plural category of
 * the language (`Intl.PluralRules`); the dictionary names its categories in its type, e.g.
 * `const pl: Strings<'one' | 'few' | 'many' | 'other'>` (Japanese: `Strings<'other'>`), and
 * test/ui/i18n.test.ts checks they are exactly the ones `Intl.PluralRules` gives for the language.
 */
import { ENGLISH_LAUNCHER_NAME } from '../launcher-name';

const en = {
  launcher: ENGLISH_LAUNCHER_NAME,
  close: 'Close chat',
  unread: { one: '{n} unread message', other: '{n} unread messages' },
  title: 'Chat with us',
  online: 'Online',
  away: 'Away',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  you: 'You',
  agent: 'Support',
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
  retry: 'Retry',
  edited: 'edited',
  deleted: 'Deleted',
  typing: '{name} is typing…',
  newMessages: 'New messages',
  older: 'Earlier messages',
  loadingOlder: 'Loading earlier messages…',
  olderLoaded: 'Earlier messages loaded',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  error: 'Chat unavailable',
  ended: 'Chat ended',
  startNew: 'New chat',
  reply: 'Reply',
  edit: 'Edit',
  delete: 'Delete',
  cancel: 'Cancel',
  replyingTo: 'Reply to {name}',
  rate: 'Rate this chat',
  stars: '{n} out of 5',
  comment: 'Comment (optional)',
  thanks: 'Thanks for your feedback',
  joined: '{name} joined the chat',
  left: '{name} left the chat',
  transferred: 'Transferred to {name}',
  showMore: 'Show more',
  showLess: 'Show less',
  enableNotifications: 'Turn on notifications',
  newMessageFrom: 'New message from {name}',
  attachFile: 'Attach file',
  openImage: 'Open image {name}',
  closeImage: 'Close image',
  download: 'Download {name}',
  downloadShort: 'Download',
  uploading: 'Uploading: {n}%',
  cancelUpload: 'Cancel upload',
  fileTooBig: 'This file is too big (up to {size})',
  fileType: 'This type of file cannot be sent',
  fileEmpty: 'This file is empty',
  choices: 'Choices',
  preChatTitle: 'Before we start',
  awayTitle: "We're away — leave your email and we'll reply",
  startChat: 'Start chat',
  leaveMessage: 'Send',
  fieldName: 'Name',
  fieldEmail: 'Email',
  fieldPhone: 'Phone',
  fieldRequired: 'Please fill in this field',
  invalidEmail: 'Please enter a valid email address',
  invalidPhone: 'Please enter a valid phone number',
};

/** Every string key. */
export type StringKey = keyof typeof en;

/** The keys whose string depends on a number (`{n}`): one string per plural category. */
export type PluralKey = { [Key in StringKey]: (typeof en)[Key] extends string ? never : Key }[StringKey];

/** A plural category of `Intl.PluralRules` (`zero`, `one`, `two`, `few`, `many`, `other`). */
export type PluralCategory = Intl.LDMLPluralRule;

/**
 * A whole dictionary: exactly English's keys; each plural key has one string for each of the
 * language's plural categories `Forms` (`other` always).
 */
export type Strings<Forms extends PluralCategory = 'one' | 'other'> = {
  [Key in StringKey]: Key extends PluralKey ? Record<Forms | 'other', string> : string;
};

/** A dictionary of any language (whatever its plural categories). */
export type AnyStrings = { [Key in StringKey]: Key extends PluralKey ? Partial<Record<PluralCategory, string>> & { other: string } : string };

en satisfies Strings;

export default en;
