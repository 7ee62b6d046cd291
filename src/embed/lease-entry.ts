/**
 * `dist/parley-lease.js`: the BroadcastChannel lease that elects the owner among a visitor's tabs in
 * browsers without the Web Locks API (src/tabs/lease.ts), for `dist/parley-chat.js`, which carries
 * only a stand-in (src/tabs/lease-on-demand.ts). `dist/parley.js` fetches it, after the chat's file,
 * before it starts the chat in such a browser.
 */
import { leaseElection } from '../tabs/lease';
import { provideLease } from '../tabs/lease-on-demand';
import { leaseCode } from './deferred';
import { sameBuild } from './same-build';

if (sameBuild) {
  provideLease(leaseElection);
  leaseCode.provide(leaseElection);
}
