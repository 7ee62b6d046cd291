/** What the page says about itself (core/env.ts), read from the runtime's globals. */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('pageInfo', () => {
  it("gives the runtime's IANA time zone, the one Intl formats dates in", async () => {
    const { pageInfo } = await import('../../src/core/env');
    expect(pageInfo().timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('asks Temporal.Now where the runtime has it, and reads it once', async () => {
    const timeZoneId = vi.fn(() => 'Pacific/Chatham');
    vi.stubGlobal('Temporal', { Now: { timeZoneId } });
    const { pageInfo } = await import('../../src/core/env');
    expect(pageInfo().timezone).toBe('Pacific/Chatham');
    expect(JSON.parse(JSON.stringify(pageInfo())).timezone).toBe('Pacific/Chatham');
    expect(timeZoneId).toHaveBeenCalledTimes(1);
  });
});
