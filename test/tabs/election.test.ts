import { describe, expect, it } from 'vitest';
import { webLocksElection, type LockManagerLike } from '../../src/tabs/election';
import { settle } from '../helpers/manual-clock';

/**
 * A lock manager with the Web Locks rules the election relies on (Node has no `navigator.locks`; the
 * real one is exercised in Chromium by e2e/tabs.test.ts): one holder per name, waiting requests granted
 * in order, the lock held until the callback's promise settles, a waiting request aborted by its signal.
 */
function lockManager(): LockManagerLike {
  const queues = new Map<string, { grant: () => void; signal: AbortSignal }[]>();
  const held = new Set<string>();
  const next = (name: string) => {
    const waiting = queues.get(name) ?? [];
    const first = waiting.shift();
    if (first) first.grant();
  };
  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const entry = {
          signal: options.signal,
          grant() {
            held.add(name);
            Promise.resolve(callback()).then(resolve, reject).finally(() => {
              held.delete(name);
              next(name);
            });
          },
        };
        options.signal.addEventListener('abort', () => {
          const waiting = queues.get(name) ?? [];
          if (waiting.includes(entry)) {
            waiting.splice(waiting.indexOf(entry), 1);
            reject(new DOMException('aborted', 'AbortError'));
          }
        });
        if (held.has(name)) queues.set(name, [...(queues.get(name) ?? []), entry]);
        else entry.grant();
      });
    },
  };
}

describe('webLocksElection', () => {
  it('makes the first tab the owner and the next ones owners in turn as each leaves', async () => {
    const elect = webLocksElection(lockManager());
    const changes: string[] = [];
    const first = elect('visitor-1', (owner) => changes.push(`first ${owner}`));
    const second = elect('visitor-1', (owner) => changes.push(`second ${owner}`));
    const third = elect('visitor-1', (owner) => changes.push(`third ${owner}`));
    await settle();
    expect(changes).toEqual(['first true']);
    first.leave();
    await settle();
    expect(changes).toEqual(['first true', 'first false', 'second true']);
    second.leave();
    await settle();
    expect(changes.at(-1)).toBe('third true');
    third.leave();
  });

  it('lets a waiting tab leave without ever becoming the owner', async () => {
    const elect = webLocksElection(lockManager());
    const changes: string[] = [];
    const owner = elect('visitor-2', (isOwner) => changes.push(`owner ${isOwner}`));
    const waiting = elect('visitor-2', (isOwner) => changes.push(`waiting ${isOwner}`));
    await settle();
    waiting.leave();
    owner.leave();
    await settle();
    expect(changes).toEqual(['owner true', 'owner false']);
  });

  it('elects one owner per name', async () => {
    const elect = webLocksElection(lockManager());
    const changes: string[] = [];
    const one = elect('visitor-a', (owner) => changes.push(`a ${owner}`));
    const other = elect('visitor-b', (owner) => changes.push(`b ${owner}`));
    await settle();
    expect(changes.sort()).toEqual(['a true', 'b true']);
    one.leave();
    other.leave();
  });
});
