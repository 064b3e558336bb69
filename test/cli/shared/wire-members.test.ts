import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog-types.js';
import { checkCode } from '../../../src/cli/check/catalog.js';
import {
  builtinName,
  commandFormat,
  contractOptions,
  wireType,
} from '../../../src/cli/shared/wire-format.js';
import {
  knownOptions,
  memberNames,
  memberRules,
  settingsOf,
} from '../../../src/cli/shared/wire-members.js';
import { defineCatalog, FORMAT_NAMES, type FormatName, formats } from '../../../src/index.js';
import { acme } from '../fixtures/wire/acme-format.js';
import { catalog as envelope } from '../fixtures/wire/envelope-configured.js';

/** What `.with()` says it accepts, read from its refusal of an unknown key. */
function accepted(format: FormatName, options: unknown): string[] {
  try {
    (formats[format].with as (o: unknown) => unknown)(options);
  } catch (error) {
    const match = /expected one of (.+)\.$/.exec((error as Error).message);
    return (match?.[1] ?? '').split(', ').sort();
  }
  throw new Error(`${format}.with() accepted ${JSON.stringify(options)}`);
}

describe("the CLI reads the formats' options as the formats do", () => {
  it.each(FORMAT_NAMES)('knows every member and option of %s', (format) => {
    const rules = memberRules(format);
    const members = Object.keys(rules).filter((key) => rules[key]?.option === undefined);
    expect(accepted(format, { members: { zz_unknown: false } })).toEqual(members.sort());
    expect(accepted(format, { zz_unknown: 1 })).toEqual(knownOptions(format));
  });

  it('resolves names and settings from options, defaults filled in', () => {
    expect(memberNames('envelope', {})).toEqual({
      code: 'code',
      details: 'details',
      fields: 'fields',
      request_id: 'request_id',
      doc_url: 'doc_url',
      retry_after: false,
    });
    const configured = formats.envelope.with({
      members: { request_id: 'requestId' },
      retryAfter: 'retry_after',
    });
    expect(memberNames('envelope', configured.options)).toMatchObject({
      request_id: 'requestId',
      retry_after: 'retry_after',
    });
    expect(memberNames('success', { timestamp: false }).timestamp).toBe(false);
    expect(settingsOf('problem', {})).toEqual({ type: 'uri' });
    expect(settingsOf('success', { timestamp: 'seconds' })).toEqual({ timestamp: 'seconds' });
  });

  it('tells built-ins (configured or not) from custom formats, and keeps options by name', () => {
    expect(builtinName(formats.problem.with({ type: 'code' }))).toBe('problem');
    expect(builtinName(acme)).toBeUndefined();
    const catalog = envelope as Catalog;
    expect(commandFormat(catalog, undefined)).toBe(catalog.format);
    expect(commandFormat(catalog, 'envelope')).toBe(catalog.format);
    expect(commandFormat(catalog, 'problem')).toBe(formats.problem);
    expect(commandFormat(undefined, undefined)).toBe(formats.problem);
    expect(
      JSON.stringify(
        contractOptions(formats.problem.with({ type: 'code', members: { code: false } })),
      ),
    ).toBe('{"members":{"code":false},"type":"code"}');
  });

  it('computes the problem type the wire carries, under each strategy', () => {
    const errors = {
      a_thing: { status: 404, title: 'A thing' },
      own_type: { status: 409, title: 'Own', type: 'urn:own' },
    };
    const typeBase = 'https://x.example/e/';
    const catalog = defineCatalog({ typeBase, errors }) as Catalog;
    const types = (format: Parameters<typeof wireType>[2]) =>
      catalog
        .entries()
        .filter((e) => e.code in errors)
        .map((e) => wireType(catalog, e, format));
    expect(types(formats.problem)).toEqual([`${typeBase}a_thing`, 'urn:own']);
    expect(types(formats.problem.with({ type: 'about:blank' }))).toEqual([
      'about:blank',
      'urn:own',
    ]);
    expect(types(formats.problem.with({ type: 'code' }))).toEqual(['a_thing', 'own_type']);
    // Another format's clients get errata's own problem bodies when they ask for problem+json.
    expect(types(formats.envelope)).toEqual([`${typeBase}a_thing`, 'urn:own']);
  });

  it('holds a body carrying a reported code to the catalog', async () => {
    const found: string[] = [];
    const code = await checkCode(
      {
        format: envelope.format ?? formats.envelope,
        carried: 'webhook_failed',
        carries: true,
        details: undefined,
        status: 502,
      },
      envelope as Catalog,
      (check, message) => found.push(`${check}: ${message}`),
    );
    expect(code).toBe('webhook_failed');
    expect(found).toEqual([
      'reported-code: webhook_failed is reported elsewhere, never returned as a response',
    ]);
  });
});
