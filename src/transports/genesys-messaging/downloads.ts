/**
 * Download URLs that outlive their ten minutes (§5 item 7: a URL the server hands out expires after about
 * ten minutes; `getAttachment` hands out a fresh one). While the link is live, the URLs of the files of the
 * newest messages are renewed before they expire, each renewal a `patch` of its message: the core stores it
 * and the visitor's other tabs get it with the list, so a file the agent sent half an hour ago still opens.
 * The URLs of files read from history (after a reload, a reconnect) are renewed at the first check, a minute
 * after the link is live. Only the newest messages with files are kept fresh: each renewal is a request.
 */
import type { ParleyError } from '../../core/errors';
import type { TransportEnv } from '../../core/transport';
import type { Attachment, Message } from '../../core/types';
import { asRecord } from '../kit';
import type { Link } from '../link';
import type { Requests } from './requests';
import { httpUrl } from './wire';

/** How long after it was handed out a URL is renewed (checked once a minute): at most two minutes before it expires. */
export const RENEW_AFTER_MS = 8 * 60_000;
/** The newest messages with files whose URLs are kept fresh. */
export const KEPT_FRESH = 20;
const MINUTE_MS = 60_000;

export function createDownloads(link: Link, requests: Requests, { clock, log }: TransportEnv, token: () => string) {
  /** Message id → its files and when their URLs were handed out; oldest first, at most KEPT_FRESH. */
  const fresh = new Map<string, { attachments: Attachment[]; at: number }>();
  /** The minute's check, while the link is live. */
  let timer: unknown;

  /** A fresh URL for `attachment` (the same one back when the answer has no usable URL). */
  async function renewed(attachment: Attachment): Promise<Attachment> {
    const answer = await requests.request('getAttachment', { token: token(), attachmentId: attachment.id });
    const url = httpUrl(asRecord(answer.body).url);
    return url ? { ...attachment, url } : attachment;
  }

  /** Renews what falls due, one message after the other, then checks again a minute later. */
  async function check() {
    const mine = timer;
    for (const [id, entry] of [...fresh]) {
      if (entry.at > clock.now() - RENEW_AFTER_MS) continue;
      try {
        const attachments = await Promise.all(entry.attachments.map(renewed));
        if (fresh.get(id) != entry) continue; // read again meanwhile (history, a reconnect): that copy is newer
        fresh.set(id, { attachments, at: clock.now() });
        link.emit('patch', { id, attachments });
      } catch (failure) {
        // A file the server no longer has (expired, deleted) is not asked for again; otherwise, at the next check.
        if (!(failure as ParleyError).retryable && fresh.get(id) == entry) fresh.delete(id);
        log('debug', 'getAttachment failed', (failure as ParleyError).message);
      }
    }
    // Still the live link's check (not stopped, nor restarted by a reopen meanwhile).
    if (timer === mine) timer = clock.setTimeout(check, MINUTE_MS);
  }

  return {
    /**
     * A message read now: its files' URLs are fresh (a push, an echo), or of unknown age (`fromHistory`: the
     * sheet does not say history hands out new ones), renewed at the first check.
     */
    note(message: Message, fromHistory?: boolean) {
      if (!message.attachments?.length) return;
      fresh.delete(message.id);
      fresh.set(message.id, { attachments: message.attachments, at: clock.now() - (fromHistory ? RENEW_AFTER_MS : 0) });
      if (fresh.size > KEPT_FRESH) fresh.delete(fresh.keys().next().value!);
    },
    /** The link is live (renewals are checked for every minute) or not (nothing is asked). */
    setLive(live: boolean) {
      clock.clearTimeout(timer);
      timer = live ? clock.setTimeout(check, MINUTE_MS) : undefined;
    },
    /** A new conversation: nothing of the previous one is renewed. */
    reset: () => fresh.clear(),
  };
}
