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
  defaultNames,
  memberPath,
  membersOf,
  optionNames,
  PLACES,
  placesOf,
  resolvedNames,
  settingsOf,
} from '../../../src/cli/shared/wire-members.js';
import { memberNames } from '../../../src/formats/index.js';
import { defineCatalog, FORMAT_NAMES, type Format, formats } from '../../../src/index.js';
import { acme } from '../fixtures/wire/acme-format.js';
import { catalog as envelope } from '../fixtures/wire/envelope-configured.js';

/** The value settings each built-in reports besides its members, as the CLI reads them. */
const SETTINGS: Record<string, Record<string, string>> = {
  problem: { type: 'uri' },
  success: { precision: 'milliseconds' },
};

describe("the CLI reads the formats' own resolved names", () => {
  it.each(FORMAT_NAMES)('places every member %s resolves, and nothing else', (name) => {
    const names = defaultNames(name);
    expect(names).toEqual(memberNames(formats[name]));
    // A member the formats add without a place here would read as a setting: caught here.
    expect(settingsOf(name, names)).toEqual(SETTINGS[name] ?? {});
    for (const key of Object.keys(placesOf(name))) expect(names).toHaveProperty(key);
  });

  it('reads names from a configured format, from its recorded options, and from a look-alike', () => {
    const configured = formats.envelope.with({
      members: { request_id: 'requestId' },
      retryAfter: 'retry_after',
    });
    const names = resolvedNames('envelope', configured);
    expect(membersOf('envelope', names)).toEqual({
      code: 'code',
      details: 'details',
      fields: 'fields',
      request_id: 'requestId',
      doc_url: 'doc_url',
      retry_after: 'retry_after',
    });
    expect(optionNames('envelope', configured.options)).toEqual(names);
    expect(memberPath('envelope', 'request_id', 'requestId')).toBe('error.requestId');
    // An object errata did not make: errata's format of that name under its options.
    const lookAlike = { ...formats.problem, options: { type: 'code' } } as Format;
    expect(settingsOf('problem', resolvedNames('problem', lookAlike))).toEqual({ type: 'code' });
    expect(settingsOf('success', optionNames('success', { timestamp: false }) ?? {})).toEqual({
      precision: false,
    });
    expect(optionNames('success', { timestamp: false })?.timestamp).toBe(false);
  });

  it("leaves options this errata's formats refuse unread (a newer errata's)", () => {
    expect(optionNames('problem', { zz_newer: 1 })).toBeUndefined();
    expect(optionNames('envelope', { members: { zz_newer: false } })).toBeUndefined();
    expect(Object.keys(PLACES)).toEqual(FORMAT_NAMES);
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
