/** What the page says about itself (core/env.ts), read from the runtime's globals. */
import { describe, expect, it } from 'vitest';
import { pageInfo } from '../../src/core/env';

describe('pageInfo', () => {
  it("gives the runtime's IANA time zone, the one Intl formats dates in", () => {
    expect(pageInfo().timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
