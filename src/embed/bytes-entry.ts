/**
 * `dist/parley-bytes.js`: the code that sends file bodies with upload progress and reads their answers,
 * for the backend files of `dist/`, which carry only a stand-in (./send-bytes-on-demand.ts).
 * `dist/parley.js` fetches it when a widget first uploads a file.
 */
import { sendBytes } from '../transports/send-bytes';
import { bytesCode } from './deferred';
import { sameBuild } from './same-build';

if (sameBuild) bytesCode.provide(sendBytes);
