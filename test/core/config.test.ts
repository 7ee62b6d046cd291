import { describe, expect, it } from 'vitest';
import { parseConfig, parseRawConfig } from '../../src/core/config';
import { ParleyError } from '../../src/core/errors';
import { toConfig } from '../../src/embed/attributes';

/** The one error parseRawConfig (parseConfig for input of unknown shape) throws for `raw`. */
function errorOf(raw: unknown): ParleyError {
  try {
    parseRawConfig(raw);
  } catch (e) {
    if (e instanceof ParleyError) return e;
    throw e;
  }
  throw new Error('parseConfig accepted it');
}

describe('parseConfig()', () => {
  it('fills the defaults of every common key', () => {
    expect(parseConfig({ backend: 'pocketping' })).toEqual({
      backend: 'pocketping',
      theme: 'light',
      position: 'bottom-right',
      mode: 'floating',
      strings: {},
      zIndex: 2147483000,
      pollInterval: 3000,
      storage: 'indexeddb',
      connect: 'eager',
      debug: false,
      notifications: { title: true, sound: false, desktop: false },
      options: {},
    });
  });

  it('fills the notification switches not given, from an object or a data-* attribute\'s JSON', () => {
    expect(parseConfig({ backend: 'x', notifications: { sound: true } }).notifications).toEqual({ title: true, sound: true, desktop: false });
    expect(parseRawConfig(toConfig([['backend', 'x'], ['notifications', '{"title":false,"desktop":true}']])).notifications).toEqual({ title: false, sound: false, desktop: true });
    expect(errorOf({ backend: 'x', notifications: { sound: 'yes' } }).message).toBe(
      'Parley config: "notifications" must be an object of true/false switches "title", "sound", "desktop" (like {"sound":true}), got {"sound":"yes"}',
    );
  });

  it('accepts every documented value', () => {
    const c = parseConfig({
      backend: 'genesys',
      theme: { radius: '8px' },
      primaryColor: 'rgb(10, 20, 30)',
      position: 'bottom-left',
      mode: 'inline',
      locale: 'pt-BR',
      strings: { send: 'Enviar' },
      title: 'Help',
      subtitle: 'We answer fast',
      welcomeMessage: 'Hi',
      placeholder: 'Type…',
      zIndex: 10,
      storage: 'memory',
      connect: 'open',
      debug: true,
      user: { id: 'u1', email: 'a@b.c', plan: 'pro' },
    });
    expect(c).toMatchObject({ theme: { radius: '8px' }, mode: 'inline', locale: 'pt-BR', zIndex: 10, connect: 'open', debug: true });
    expect(c.user).toEqual({ id: 'u1', email: 'a@b.c', plan: 'pro' });
  });

  // `true`/`false` and JSON text are turned into values before (test/embed/attributes.test.ts).
  it('takes the numbers and bare boolean attributes of data-* strings', () => {
    expect(parseRawConfig({ backend: 'pocketping', zIndex: '9999' }).zIndex).toBe(9999);
    expect(parseRawConfig({ backend: 'pocketping', pollInterval: '4000' }).pollInterval).toBe(4000);
    // A bare attribute (`data-debug`) means true.
    expect(parseRawConfig({ backend: 'x', debug: '' }).debug).toBe(true);
  });

  it('passes unknown keys to the backend untouched', () => {
    const endpoint = { nested: [1] };
    const c = parseConfig({ backend: 'pocketping', endpoint: 'https://x/pp', pollInterval: 500, extra: endpoint });
    expect(c.options).toEqual({ endpoint: 'https://x/pp', extra: endpoint });
    expect(c.pollInterval).toBe(500);
    expect(c.options.extra).toBe(endpoint);
  });

  it('accepts the usual CSS colour forms', () => {
    for (const color of ['#fff', '#0a0B0c', '#11223344', 'rgba(0,0,0,.5)', 'hsl(210 50% 40%)', 'rebeccapurple']) {
      expect(parseConfig({ backend: 'x', primaryColor: color }).primaryColor).toBe(color);
    }
  });

  it('names the key and what it expects in one error', () => {
    const e = errorOf({ backend: 'pocketping', zIndex: 'abc' });
    expect(e.code).toBe('config');
    expect(e.key).toBe('zIndex');
    expect(e.message).toBe('Parley config: "zIndex" must be an integer, got "abc"');
  });

  it.each([
    [{}, 'backend'],
    [{ backend: '' }, 'backend'],
    [{ backend: 'x', theme: 'blue' }, 'theme'],
    [{ backend: 'x', theme: { radius: 8 } }, 'theme'],
    [{ backend: 'x', primaryColor: 'red; background: url(//evil)' }, 'primaryColor'],
    [{ backend: 'x', primaryColor: '#12' }, 'primaryColor'],
    [{ backend: 'x', position: 'top' }, 'position'],
    [{ backend: 'x', mode: 'popup' }, 'mode'],
    [{ backend: 'x', locale: 'english please' }, 'locale'],
    [{ backend: 'x', strings: { send: 1 } }, 'strings'],
    [{ backend: 'x', title: 42 }, 'title'],
    [{ backend: 'x', zIndex: 1.5 }, 'zIndex'],
    [{ backend: 'x', pollInterval: 'soon' }, 'pollInterval'],
    [{ backend: 'x', pollInterval: -1 }, 'pollInterval'],
    [{ backend: 'x', storage: 'cookies' }, 'storage'],
    [{ backend: 'x', connect: 'later' }, 'connect'],
    [{ backend: 'x', debug: 'yes' }, 'debug'],
    [{ backend: 'x', user: { email: 'a@b.c' } }, 'user'],
    [{ backend: 'x', user: { id: '' } }, 'user'],
    [{ backend: 'x', notifications: true }, 'notifications'],
    [{ backend: 'x', notifications: { badge: true } }, 'notifications'],
    [{ backend: 'x', notifications: '{"sound":tru}' }, 'notifications'],
  ])('rejects %j naming "%s"', (raw, key) => {
    const e = errorOf(raw);
    expect(e.key).toBe(key);
    expect(e.message).toContain(`"${key}" must be`);
  });

  it('rejects something that is not an object', () => {
    expect(errorOf('pocketping').message).toBe('Parley config: "config" must be an object, got "pocketping"');
  });
});
