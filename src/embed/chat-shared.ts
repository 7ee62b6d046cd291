/**
 * What `dist/parley-chat.js` adds to `Parley._k` for `dist/parley-ui.js`, which is built with these
 * modules as externals read from that object (vite.config.ts, ./chat-shared-modules.json): the
 * signals library, so that the window reads the very signals the chat writes (the names its Preact
 * binding and our components use), and the core modules both files use; and, for
 * `dist/parley-lease.js`, where to hand the lease election over.
 * test/embed/shared.test.ts checks that every name the window imports is here and that no name is
 * shared twice.
 */
import { batch, computed, effect, Signal, signal, untracked } from '@preact/signals-core';
import { uuid, whenIdle } from '../core/env';
import { positionOf } from '../core/message-index';
import { find } from '../core/messages';
import { provideLease } from '../tabs/lease-on-demand';

export const chatShared = { batch, computed, effect, Signal, signal, untracked, uuid, whenIdle, positionOf, find, provideLease };
