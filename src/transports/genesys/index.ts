/**
 * Genesys Cloud guest chat (ACD Web Chat v2) transport: REST for everything the visitor does, one
 * server → client event stream for everything else (protocols/genesys.md §4, §7, §8). Genesys retired
 * this API in favour of Web Messaging; it stays behind the transport interface so a successor can
 * replace it.
 *
 * The JWT is the guest's bearer secret. It travels only in the `Authorization` header and, inside
 * `eventStreamUri`, to the socket: never into a URL Parley builds, a log line or an error message
 * (http.ts names method + path only).
 *
 * @example
 * createChat(genesys({ environment: 'mypurecloud.ie', organizationId, deploymentId, queue: 'Support' }))
 */
import type { ParleyError } from '../../core/errors';
import type { Message } from '../../core/types';
import type { Transport, TransportCapabilities, TransportEnv, TransportSpec } from '../../core/transport';
import { asRecord, isId } from '../kit';
import { createLink } from '../link';
import { defineBackend } from '../options';
import { memberLookup, toVisitorMessage, type ConversationMemory } from './messages';
import { readGenesysOptions, type GenesysOptions, type GenesysSettings } from './options';
import { GENESYS, readMember, readMessage, readMessagePage, readSession, readStreamFrame, type GenesysSession, type StreamEvent } from './wire';

export type { GenesysOptions } from './options';
export type { GenesysSession } from './wire';

/** Guest chat has agent typing, history paging and an end; nothing else reaches a guest. */
const capabilities: TransportCapabilities = {
  // A guest has these:
  typing: true, historyPaging: true, endConversation: true,
  // …and no route for these:
  readReceipts: false, editDelete: false, replyTo: false, attachments: false, presence: false, customEvents: false, csat: false,
};

/** Validates the options and returns the transport spec (bad options: its `create()` throws the `config` error). */
export const genesys = (options: GenesysOptions): TransportSpec => defineBackend(GENESYS, options, readGenesysOptions, createGenesysTransport);

/** The transport of one chat: one conversation at a time (a new one after an end or an expired JWT). */
function createGenesysTransport(settings: GenesysSettings, env: TransportEnv): Transport {
  const { clock } = env;
  let typingTimer: unknown;
  const link = createLink(GENESYS, env, () => clock.clearTimeout(typingTimer));
  const conversationsUrl = settings.base + '/api/v2/webchat/guest/conversations';
  let session: GenesysSession | undefined;
  let ended = false;
  let memory: ConversationMemory = { agentJoined: false };
  /**
   * The chat the last connect created, while its stream has not opened yet, and the identity it was created for.
   * Kept across failed connects (the core retries with the session it had), dropped on disconnect.
   */
  let unattached: { session: GenesysSession; identity: string } | undefined;
  /** Frames are handled one at a time, so member lookups never reorder events. */
  let frames: Promise<void> = Promise.resolve();

  /** `/{conversationId}` and `/{conversationId}/members/{memberId}` of the current session. */
  const conversationPath = () => '/' + encodeURIComponent(session!.id);
  const memberPath = (memberId: string) => conversationPath() + '/members/' + encodeURIComponent(memberId);
  const guestPath = () => memberPath(session!.member.id);

  /** One REST call with the guest's JWT; `path` after `/conversations`. */
  const call = (path: string, method?: string, body?: unknown, keepalive?: boolean): Promise<unknown> =>
    link.json(conversationsUrl + path, { method, body, keepalive }, { token: session?.jwt, header: (token) => 'Bearer ' + token });

  const endConversation = () => {
    if (ended) return;
    ended = true;
    link.socket()?.close();
    link.emit('ended', {});
  };

  /** Whether the guest has left the chat (a 400 means the chat is gone). */
  const guestLeft = () =>
    call(guestPath()).then(
      (member) => readMember(member).state == 'DISCONNECTED',
      (error: ParleyError) => error.status == 400,
    );

  /** Makes `candidate` the session when its guest is still in the chat; a retryable failure is thrown (the connect is retried). */
  const resumeIfAlive = async (candidate: GenesysSession | undefined): Promise<boolean> => {
    if (!candidate) return false;
    session = candidate;
    return call(guestPath()).then(
      (member) => readMember(member).state != 'DISCONNECTED',
      (error: ParleyError) => {
        if (error.retryable) throw error;
        return false;
      },
    );
  };

  /** A call the chat depends on: a 401 is reported (no refresh exists); a 400 once the chat is over means just that (quirk 11). */
  const api = (path: string, method?: string, body?: unknown, keepalive?: boolean): Promise<unknown> =>
    call(path, method, body, keepalive).catch(async (error: ParleyError) => {
      if (error.code == 'auth') link.emit('error', error);
      // http.ts keeps no error code from the body: ask whether the guest is still in the chat.
      else if (error.status == 400 && (await guestLeft())) {
        endConversation();
        throw link.fault('ended', 'chat ended');
      }
      throw error;
    });

  const lookup = memberLookup((memberId) => call(memberPath(memberId)));

  /** A stored or streamed message as the visitor sees it; what does not fit is dropped with a debug line. */
  const show = (raw: unknown, seen = memory): Promise<Message | undefined> => {
    const wire = readMessage(raw);
    if (!wire) {
      link.dropped();
      return Promise.resolve(undefined);
    }
    return toVisitorMessage(wire, { guestId: session!.member.id, lookup, onGuestLeft: endConversation }, seen);
  };

  /** One page of messages into `out`, oldest first (`query`: after `sortOrder=`); returns the raw page. */
  const readPage = async (out: Message[], query: string, seen?: ConversationMemory): Promise<unknown[]> => {
    const list = readMessagePage(await api(conversationPath() + '/messages?sortOrder=' + query)) ?? link.badAnswer('messages');
    // Descending pages come newest first.
    const oldestFirst = query.startsWith('descending') ? [...list].reverse() : list;
    for (const raw of oldestFirst) {
      const message = await show(raw, seen);
      if (message) out.push(message);
    }
    return list;
  };

  const showTyping = async (senderId: string) => {
    const { sender, name } = await lookup(senderId);
    const typing = { sender, typing: true, name };
    link.emit('typing', typing);
    // No "stopped typing" exists: honour it for about four seconds (quirk 7).
    clock.clearTimeout(typingTimer);
    typingTimer = clock.setTimeout(() => link.emit('typing', { ...typing, typing: false }), 4000);
  };

  const handle = async (event: StreamEvent) => {
    const guestId = session!.member.id;
    // The guest's own DISCONNECTED is the end.
    if (event.kind == 'member-disconnected' && event.memberId == guestId) endConversation();
    else if (event.kind == 'message') {
      const message = await show(event.message);
      if (message) link.emit('message', message);
    } else if (event.kind == 'typing' && event.senderId != guestId) await showTyping(event.senderId);
  };

  /** Opens the event stream of the session; resolves once it is open (routing waits for it, §4), fails if it stalls first. */
  const listen = (): Promise<void> => {
    const opened = link.untilOpen();
    const conversationId = session!.id;
    link.openStream({
      url: () => session!.eventStreamUri,
      tuning: { silenceMs: settings.silenceMs, ...settings.socket },
      mustOpenFirst: true,
      onFrame(frame) {
        const event = readStreamFrame(frame, conversationId);
        if (!event) return link.dropped();
        frames = frames.then(() => handle(event)).catch(() => undefined);
      },
    });
    return opened;
  };

  /** `POST /conversations` (the one call without a JWT): a new chat for the visitor. */
  const create = async (identity: Parameters<GenesysSettings['memberInfo']>[0], stillWanted: () => void) => {
    // A token per chat: it is never reused for another chat, or another visitor.
    const memberAuthToken = await settings.tokensFor?.(env).getToken();
    stillWanted();
    const body = { ...settings.route, memberInfo: settings.memberInfo(identity), memberAuthToken };
    const created = await link.json(conversationsUrl, { method: 'POST', body });
    stillWanted();
    return readSession(created) ?? link.badAnswer('create');
  };

  return {
    capabilities,
    on: link.on,

    async connect({ session: stored, identity }) {
      const attempt = link.begin();
      ended = false;
      memory = { agentJoined: false };
      // Resume while the JWT is valid (there is no refresh, §9): an expired JWT (401) or an ended chat starts afresh.
      const resumed = await resumeIfAlive(readSession(stored));
      attempt.check();
      // A chat created by an earlier attempt whose stream never opened is the visitor's, unrouted (§4): attach to it,
      // rather than leave one more waiting in the queue.
      const identityKey = JSON.stringify(identity ?? null);
      const waiting = !resumed && unattached?.identity === identityKey && (await resumeIfAlive(unattached.session));
      attempt.check();
      const current = resumed || waiting ? session! : await create(identity, attempt.check);
      session = current;
      if (!resumed && !waiting) unattached = { session: current, identity: identityKey };
      await listen();
      unattached = undefined;
      const messages: Message[] = [];
      const hasMoreBefore = resumed && (await readPage(messages, 'descending&maxResults=100')).length > 99;
      attempt.check();
      return { session: current, messages, hasMoreBefore, resumed };
    },

    async send({ text }) {
      // Keepalive: a tab closed right after a send still delivers it.
      const message = await show(await api(guestPath() + '/messages', 'POST', { body: text, bodyType: 'standard' }, true));
      return message ? { id: message.id, createdAt: message.createdAt } : link.badAnswer('send');
    },

    async fetchSince(afterId) {
      const out: Message[] = [];
      let cursor = afterId;
      // Bounded: 50 pages of 100. A full page's last item is where the next one starts.
      for (let page = 0; page < 50; page++) {
        const list = await readPage(out, 'ascending&maxResults=100' + (cursor ? '&after=' + encodeURIComponent(cursor) : ''));
        const next = asRecord(list[99]).id;
        if (!isId(next)) break;
        cursor = next;
      }
      return out;
    },

    async fetchBefore(beforeId, limit) {
      const out: Message[] = [];
      const size = Math.min(limit, 100);
      // Older pages come after newer ones: their joins are judged on their own.
      const list = await readPage(out, `descending&maxResults=${size}&before=${encodeURIComponent(beforeId)}`, { agentJoined: false });
      return { messages: out, hasMore: list.length >= size };
    },

    // No stop-typing call exists (quirk 7); the core throttles the starts.
    async setTyping(typing) {
      if (typing) await api(guestPath() + '/typing', 'POST');
    },

    async end() {
      if (ended || !session) return;
      ended = true;
      try {
        await call(guestPath(), 'DELETE');
      } catch (error) {
        // 400: it was over already.
        if ((error as ParleyError).status != 400) {
          ended = false;
          throw error;
        }
      }
      link.socket()?.close();
    },

    disconnect() {
      unattached = undefined;
      link.stop();
    },
  };
}
