import { describe, expect, it } from 'vitest';
import {
  FORMAT_NAMES,
  formats,
  getFormat,
  isFormatName,
  negotiateFormat,
} from '../../src/formats/index.js';

const pick = (options: Parameters<typeof negotiateFormat>[0]) => negotiateFormat(options).name;

describe('format registry', () => {
  it('has the eight formats, each named by its key', () => {
    expect(FORMAT_NAMES).toEqual([
      'problem',
      'envelope',
      'message',
      'success',
      'laravel',
      'google',
      'jsonapi',
      'stripe',
    ]);
    for (const name of FORMAT_NAMES) {
      expect(formats[name].name).toBe(name);
      expect(formats[name].drops.length).toBeGreaterThan(0);
    }
    expect(Object.isFrozen(formats)).toBe(true);
  });

  it('has the content type of each format', () => {
    expect(Object.fromEntries(FORMAT_NAMES.map((n) => [n, formats[n].contentType]))).toEqual({
      problem: 'application/problem+json',
      envelope: 'application/json',
      message: 'application/json',
      success: 'application/json',
      laravel: 'application/json',
      google: 'application/json',
      jsonapi: 'application/vnd.api+json',
      stripe: 'application/json',
    });
  });

  it('looks formats up by name or object, and names the valid ones otherwise', () => {
    expect(getFormat('envelope')).toBe(formats.envelope);
    expect(getFormat(formats.google)).toBe(formats.google);
    expect(() => getFormat('xml' as never)).toThrow(
      /unknown wire format "xml"; expected one of problem, envelope/,
    );
    expect(isFormatName('stripe')).toBe(true);
    expect(isFormatName('toString')).toBe(false);
    expect(isFormatName(1)).toBe(false);
  });
});

describe('negotiateFormat', () => {
  it('defaults to problem', () => {
    expect(pick({})).toBe('problem');
    expect(pick({ accept: 'application/json' })).toBe('problem');
  });

  it('uses the app format when the client does not ask for problem+json', () => {
    expect(pick({ app: 'envelope' })).toBe('envelope');
    expect(pick({ app: 'envelope', accept: '*/*' })).toBe('envelope');
    expect(pick({ app: 'envelope', accept: 'application/json' })).toBe('envelope');
  });

  it('lets the route pin win over everything', () => {
    expect(pick({ route: 'stripe', app: 'envelope', accept: 'application/problem+json' })).toBe(
      'stripe',
    );
    expect(pick({ route: formats.laravel })).toBe('laravel');
  });

  it('picks problem for Accept: application/problem+json', () => {
    expect(pick({ app: 'envelope', accept: 'application/problem+json' })).toBe('problem');
    expect(pick({ app: 'google', accept: 'Application/Problem+JSON' })).toBe('problem');
    expect(pick({ app: 'envelope', accept: 'application/json, application/problem+json' })).toBe(
      'problem',
    );
    expect(pick({ app: 'success', accept: ['text/html', 'application/problem+json'] })).toBe(
      'problem',
    );
  });

  it('keeps the app format when plain JSON is preferred', () => {
    expect(
      pick({ app: 'envelope', accept: 'application/json, application/problem+json;q=0.5' }),
    ).toBe('envelope');
    expect(
      pick({ app: 'envelope', accept: 'application/problem+json;q=0.4, application/json;q=0.9' }),
    ).toBe('envelope');
  });

  it("compares with the app's own media type", () => {
    expect(
      pick({ app: 'jsonapi', accept: 'application/vnd.api+json, application/problem+json;q=0.5' }),
    ).toBe('jsonapi');
    expect(pick({ app: 'jsonapi', accept: 'application/problem+json' })).toBe('problem');
  });

  it('ignores q=0 and invalid q values', () => {
    expect(pick({ app: 'envelope', accept: 'application/problem+json;q=0' })).toBe('envelope');
    expect(pick({ app: 'envelope', accept: 'application/problem+json; q=0.000' })).toBe('envelope');
    expect(pick({ app: 'envelope', accept: 'application/problem+json;q=abc' })).toBe('envelope');
    expect(pick({ app: 'envelope', accept: 'application/problem+json;q=2' })).toBe('envelope');
    expect(pick({ app: 'envelope', accept: 'application/problem+json;q=0.001' })).toBe('problem');
  });

  it('ignores an absurdly long Accept header', () => {
    const accept = `${'text/plain;q=0.1, '.repeat(200)}application/problem+json`;
    expect(accept.length).toBeGreaterThan(2048);
    expect(pick({ app: 'envelope', accept })).toBe('envelope');
    expect(pick({ app: 'envelope', accept: `text/plain, application/problem+json` })).toBe(
      'problem',
    );
  });

  it('rejects an unknown app or route format', () => {
    expect(() => negotiateFormat({ app: 'yaml' as never })).toThrow(TypeError);
    expect(() => negotiateFormat({ route: 'yaml' as never })).toThrow(TypeError);
  });
});

describe('negotiateFormat with wildcards', () => {
  it('keeps the app format when a wildcard outranks problem+json', () => {
    expect(
      negotiateFormat({ app: 'envelope', accept: 'application/problem+json;q=0.5, */*' }).name,
    ).toBe('envelope');
    expect(
      negotiateFormat({ app: 'envelope', accept: 'application/problem+json, */*;q=0.1' }).name,
    ).toBe('problem');
  });
});
