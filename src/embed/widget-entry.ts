/**
 * `dist/parley-widget.js`: the chat core, storage and the conversation UI for `dist/parley.js`, which
 * shows the launcher at once and fetches this file (from its own folder) when the browser is idle
 * after the page's `load`, or at once when the visitor opens the window or the host calls for the chat.
 */
import { provideWidget } from './deferred';
import { sameBuild } from './same-build';
import { startWidget } from './start';

if (sameBuild) provideWidget(startWidget);
