/**
 * PocketPing's REST routes (protocol sheet §2–3), answers validated. Paths are relative to the
 * endpoint; sdk-node ignores the HTTP method, the SaaS does not.
 */
import { ParleyError } from '../../core/errors';
import type { Identity, Message, MessagePatch } from '../../core/types';
import { requestJson } from '../http';
import type { SendResult, TransportEnv } from '../transport';
import { isId, isObj, toMessages } from './wire';

export interface ApiOptions {
  endpoint: string;
  /** `saas`: edit/delete at `PATCH`/`DELETE /message/{id}`; else sdk-node's `POST /edit`, `/delete` (quirk 1). */
  saas: boolean;
  headers?: Record<string, string>;
  /** Value of `X-PocketPing-Version` on every request. */
  version: string;
  /** The current session id (throws when there is none). */
  sid(): string;
  /** Sees every response (version headers). */
  onResponse(res: Response): void;
}

export interface ConnectBody {
  visitorId: string;
  sessionId: string | null;
  metadata: Record<string, unknown>;
  identity?: Identity;
}

export interface Connected {
  sessionId: string;
  /** The page `/connect` hands back: the OLDEST messages (quirk 5). */
  messages: Message[];
  operatorOnline?: boolean;
  welcomeMessage?: string;
}

export type PocketPingApi = ReturnType<typeof pocketpingApi>;

/** The REST client. */
export function pocketpingApi(o: ApiOptions, env: TransportEnv) {
  const q = encodeURIComponent;
  const drop = () => env.log('debug', 'pocketping: dropped a malformed message');
  const call = (path: string, body?: object, method = body ? 'POST' : 'GET', keepalive?: boolean) =>
    requestJson(
      env.fetch,
      env.clock,
      o.endpoint + path,
      { method, body, keepalive, headers: { ...o.headers, 'X-PocketPing-Version': o.version } },
      o.onResponse,
    );
  /** A session route: `sessionId` joins the body. */
  const post = (path: string, body: object, method?: string, keepalive?: boolean) =>
    call(path, { sessionId: o.sid(), ...body }, method, keepalive);
  const bad = (route: string): never => {
    throw new ParleyError('protocol', 'pocketping: unexpected answer to ' + route);
  };

  return {
    post,

    async connect(body: ConnectBody): Promise<Connected> {
      const v = await call('/connect', body);
      return isObj(v) && isId(v.sessionId)
        ? {
            sessionId: v.sessionId,
            messages: toMessages(v.messages, drop),
            operatorOnline: typeof v.operatorOnline === 'boolean' ? v.operatorOnline : undefined,
            welcomeMessage: typeof v.welcomeMessage === 'string' ? v.welcomeMessage : undefined,
          }
        : bad('connect');
    },

    async send(content: string, replyTo?: string): Promise<SendResult> {
      const v = await post('/message', { content, sender: 'visitor', replyTo, attachmentIds: [] });
      return isObj(v) && isId(v.messageId) && isId(v.timestamp) ? { id: v.messageId, createdAt: v.timestamp } : bad('message');
    },

    /** One page after `after` (a message id, never a timestamp: quirk 4), oldest first. */
    async page(after?: string): Promise<{ messages: Message[]; hasMore: boolean }> {
      const v = await call(`/messages?sessionId=${q(o.sid())}&limit=100${after ? '&after=' + q(after) : ''}`);
      return isObj(v) && Array.isArray(v.messages) ? { messages: toMessages(v.messages, drop), hasMore: v.hasMore === true } : bad('messages');
    },

    async presence(): Promise<boolean> {
      const v = await call('/presence');
      return isObj(v) && typeof v.online === 'boolean' ? v.online : bad('presence');
    },

    async edit(messageId: string, content: string): Promise<MessagePatch> {
      const v = await (o.saas ? post('/message/' + q(messageId), { content }, 'PATCH') : post('/edit', { messageId, content }));
      const m = isObj(v) && v.message;
      return isObj(m) && typeof m.content === 'string'
        ? { id: messageId, text: m.content, editedAt: isId(m.editedAt) ? m.editedAt : undefined }
        : bad('edit');
    },

    async remove(messageId: string): Promise<MessagePatch> {
      const v = await (o.saas
        ? call(`/message/${q(messageId)}?sessionId=${q(o.sid())}`, undefined, 'DELETE')
        : post('/delete', { messageId }));
      return isObj(v) && v.deleted === true ? { id: messageId, deleted: true, text: '' } : bad('delete');
    },
  };
}
