/**
 * REST history (§6, §2.10): `getJwt` over the socket, then `GET {apiUrl}/api/v2/webmessaging/messages`
 * with the JWT as bearer. Pages are newest first and numbered, so a cursor (a message id) is found by
 * walking pages from the newest; a 401 gets a fresh JWT and one more try.
 */
import type { ParleyError } from '../../core/errors';
import type { Clock } from '../../core/transport';
import type { Link } from '../link';
import { entityId, readHistoryPage, readJwt } from './wire';

/** Entities per page (the Java SDK's size; the API takes at most 100). */
const PAGE_SIZE = 100;
/** Pages walked at most for one question (5 000 messages). */
const MAX_PAGES = 50;

export interface HistoryWalk {
  /** Raw entities, newest first. */
  entities: unknown[];
  /** No older page exists. */
  complete: boolean;
}

/**
 * `askJwt()` asks the socket for a JWT (the `getJwt` answer's body). The JWT is kept until 5 s before
 * it expires, and never logged (http.ts names method and path only).
 */
export function createHistory(apiUrl: string, link: Link, clock: Clock, askJwt: () => Promise<unknown>) {
  let jwt: { jwt: string; expiresAtMs: number } | undefined;
  /** The `getJwt` on its way: concurrent requests share it (one new JWT however many got a 401). */
  let renewal: Promise<string> | undefined;

  /** The JWT to use: the kept one unless it is due or was `refused`, else a new one. */
  const freshJwt = (refused?: string): Promise<string> => {
    if (jwt && jwt.jwt !== refused && jwt.expiresAtMs - 5000 > clock.now()) return Promise.resolve(jwt.jwt);
    renewal ??= askJwt()
      .then((body) => {
        jwt = readJwt(body) ?? link.badAnswer('getJwt');
        return jwt.jwt;
      })
      .finally(() => {
        renewal = undefined;
      });
    return renewal;
  };

  const page = async (pageNumber: number, pageSize: number) => {
    const url = `${apiUrl}/api/v2/webmessaging/messages?pageNumber=${pageNumber}&pageSize=${pageSize}`;
    const get = (token: string) => link.json(url, {}, { token, header: (bearer) => 'bearer ' + bearer });
    const used = await freshJwt();
    const answer = await get(used).catch(async (error: ParleyError) => {
      if (error.code != 'auth') throw error;
      return get(await freshJwt(used));
    });
    return readHistoryPage(answer) ?? link.badAnswer('history');
  };

  return {
    /** Walks pages from the newest until `enough(entities)` or the oldest page. */
    async walk(enough: (entities: unknown[]) => boolean, pageSize = PAGE_SIZE): Promise<HistoryWalk> {
      const entities: unknown[] = [];
      for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
        const { entities: more, last } = await page(pageNumber, pageSize);
        entities.push(...more);
        if (last) return { entities, complete: true };
        if (enough(entities)) break;
      }
      return { entities, complete: false };
    },
    /** Where the entity with `id` is in `entities` (-1: not there). */
    indexOf: (entities: unknown[], id: string) => entities.findIndex((entity) => entityId(entity) === id),
    /** Forgets the JWT (a new session). */
    reset() {
      jwt = undefined;
      renewal = undefined;
    },
  };
}
