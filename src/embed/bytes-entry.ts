/**
 * `dist/parley-bytes.js`: the code that sends file bodies with upload progress, for the backend files of
 * `dist/`, which carry only a stand-in (./bytes-on-demand.ts). `dist/parley.js` fetches it when a widget
 * first uploads a file.
 */
import { sendWithProgress } from '../transports/bytes-with-progress';
import { bytesCode } from './deferred';
import { sameBuild } from './same-build';

if (sameBuild) bytesCode.provide(sendWithProgress);
