import { describe, expect, it } from 'vitest';
import { toConfig } from '../../src/embed/attributes';

describe('attributes → config', () => {
  it('turns kebab-case attribute names into the camelCase config keys', () => {
    expect(toConfig([['organization-id', 'o-1'], ['primary-color', '#06c'], ['backend', 'genesys'], ['deployment-id', 'd-1'], ['welcome-message', 'Hi!']])).toEqual({
      organizationId: 'o-1',
      primaryColor: '#06c',
      backend: 'genesys',
      deploymentId: 'd-1',
      welcomeMessage: 'Hi!',
    });
  });

  it('keeps camelCase names from a script dataset as they are', () => {
    expect(toConfig(Object.entries({ backend: 'pocketping', zIndex: '9999' }))).toEqual({ backend: 'pocketping', zIndex: '9999' });
  });

  it('reads true/false as booleans and JSON objects and arrays, and leaves the rest as text', () => {
    expect(
      toConfig([
        ['debug', 'true'],
        ['eager', 'false'],
        ['theme', '{"radius":"4px"}'],
        ['skills', '["billing","vip"]'],
        ['title', '{not json'],
        ['queue', '123'],
      ]),
    ).toEqual({ debug: true, eager: false, theme: { radius: '4px' }, skills: ['billing', 'vip'], title: '{not json', queue: '123' });
  });

  it('ignores the attributes that belong to the element itself', () => {
    expect(toConfig([['class', 'x'], ['style', 'color:red'], ['id', 'chat'], ['aria-label', 'Chat'], ['data-test', '1'], ['hidden', ''], ['endpoint', 'https://x.example/pp']])).toEqual({
      endpoint: 'https://x.example/pp',
    });
  });
});
