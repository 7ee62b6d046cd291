/**
 * `dist/parley-ui.js`: the conversation window and the launcher that counts unread messages, for
 * `dist/parley.js`, which fetches this file after `dist/parley-chat.js` when the window is first
 * needed: the visitor opens it (or points at the launcher, which fetches it ahead), the host calls
 * for it, a message arrives while it is closed, or the widget is inline.
 */
import { mountView } from './mount-view';
import { viewCode } from './deferred';
import { sameBuild } from './same-build';

if (sameBuild) viewCode.provide(mountView);
