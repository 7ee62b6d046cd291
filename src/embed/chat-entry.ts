/**
 * `dist/parley-chat.js`: the chat core, storage and tabs for `dist/parley.js`, which shows the
 * launcher at once and fetches this file (from its own folder) when the browser is idle after the
 * page's `load`, or at once when the visitor opens the window or the host calls for the chat.
 *
 * It also puts on `Parley._k` what `dist/parley-ui.js` takes from it instead of carrying its own
 * copy (./chat-shared.ts): above all the signals library, which must be one copy for the window to
 * follow the chat's signals.
 */
import { chatCode } from './deferred';
import { chatShared } from './chat-shared';
import { parley, sameBuild } from './same-build';
import { startChat } from './start-chat';

if (sameBuild) {
  Object.assign(parley._k!, chatShared);
  chatCode.provide(startChat);
}
