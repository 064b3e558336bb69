import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/cli/diff/report.js';
import type { ContractEntry, Snapshot } from '../../../src/cli/shared/contract.js';
import type { JsonSchema } from '../../../src/cli/shared/json-schema.js';

describe('diffSnapshots', () => {
  const entry = (extra: Partial<ContractEntry> = {}): ContractEntry => ({
    status: 404,
    title: 'Thing missing',
    category: 'not_found',
    retryable: false,
    expose: true,
    ...extra,
  });
  const snap = (
    codes: Record<string, ContractEntry>,
    roles: Record<string, string> = {},
  ): Snapshot => ({
    errata: 'contract/1',
    codes,
    roles,
  });
  const kinds = (before: Snapshot, after: Snapshot) =>
    diffSnapshots(before, after).map(
      (c) => `${c.breaking ? '!' : ''}${c.kind} ${c.role ?? c.field ?? c.code}`,
    );
  const obj = (
    properties: Record<string, JsonSchema>,
    required: string[] = Object.keys(properties),
  ) => ({
    type: 'object',
    properties,
    required,
  });
  const details = (before: JsonSchema, after: JsonSchema) =>
    diffSnapshots(snap({ a: entry({ details: before }) }), snap({ a: entry({ details: after }) }));

  it('treats exposure turned off as breaking, and turned on as compatible', () => {
    expect(kinds(snap({ a: entry() }), snap({ a: entry({ expose: false }) }))).toEqual([
      '!expose-changed a',
    ]);
    expect(kinds(snap({ a: entry({ expose: false }) }), snap({ a: entry() }))).toEqual([
      'expose-changed a',
    ]);
  });

  it('treats details removed as breaking and details added as compatible', () => {
    const schema = obj({ id: { type: 'string' } });
    expect(kinds(snap({ a: entry({ details: schema }) }), snap({ a: entry() }))).toEqual([
      '!details-removed a',
    ]);
    expect(kinds(snap({ a: entry() }), snap({ a: entry({ details: schema }) }))).toEqual([
      'details-added a',
    ]);
  });

  it('flags details it cannot compare for a person, without calling them breaking', () => {
    const before = snap({ a: entry({ details: {}, detailsNote: 'not convertible' }) });
    const after = snap({ a: entry({ details: obj({ id: { type: 'string' } }) }) });
    expect(kinds(before, after)).toEqual(['details-not-comparable a']);
  });

  it('reports roles removed (breaking), added and remapped', () => {
    const codes = { a: entry(), b: entry() };
    expect(kinds(snap(codes, { x: 'a', y: 'a' }), snap(codes, { x: 'b', z: 'a' }))).toEqual([
      '!role-remapped x',
      '!role-removed y',
      'role-added z',
    ]);
  });

  it('takes a code respelt as a rename, even when more than its spelling changed', () => {
    const before = snap({ secret_not_found: entry() });
    const after = snap({
      SECRET_NOT_FOUND: entry({ status: 410 }),
      other_thing: entry({ status: 410 }),
    });
    expect(diffSnapshots(before, after).map((c) => c.message)).toEqual([
      'renamed (removed secret_not_found, added SECRET_NOT_FOUND)',
      'added (410 Thing missing)',
    ]);
  });

  it('does not guess a rename when several added codes look alike', () => {
    const before = snap({ gone: entry() });
    const after = snap({ one: entry(), two: entry() });
    expect(kinds(before, after)).toEqual([
      '!code-removed gone',
      'code-added one',
      'code-added two',
    ]);
  });

  it('reads a required field made optional as breaking: clients may not get it', () => {
    const changes = details(obj({ id: { type: 'string' } }), obj({ id: { type: 'string' } }, []));
    expect(changes.map((c) => [c.kind, c.breaking, c.message])).toEqual([
      ['details-field-optional', true, 'details.id: now optional, so clients may not get it'],
    ]);
  });

  it('walks nested objects and array items down to the field', () => {
    const before = obj({ user: obj({ id: { type: 'string' }, name: { type: 'string' } }) });
    const after = obj({ user: obj({ id: { type: 'integer' } }) });
    expect(details(before, after).map((c) => c.message)).toEqual([
      'details.user.id: type changed: string → integer',
      'details.user.name: field removed (was string)',
    ]);
    const list = (items: JsonSchema) => obj({ items: { type: 'array', items } });
    const changes = details(
      list(obj({ qty: { type: 'number' } })),
      list(obj({ qty: { type: 'integer' } })),
    );
    expect(changes.map((c) => c.message)).toEqual([
      'details.items[].qty: type narrowed: number → integer',
    ]);
  });

  it('names the keywords when only constraints changed, and sees a closed object as narrower', () => {
    const limited = (maxLength: number) => obj({ name: { type: 'string', maxLength } });
    expect(details(limited(10), limited(5)).map((c) => c.message)).toEqual([
      'details.name: type narrowed: string (maxLength 10 → 5)',
    ]);
    expect(details(limited(5), limited(10)).map((c) => c.breaking)).toEqual([false]);
    const open = obj({ id: { type: 'string' } });
    const closed = { ...open, additionalProperties: false };
    expect(details(open, closed).map((c) => [c.kind, c.breaking])).toEqual([
      ['details-field-narrowed', true],
    ]);
  });

  it('sees a union member removed as narrowed and nullable added as widened', () => {
    const field = (type: JsonSchema) => obj({ v: type });
    const union = { anyOf: [{ type: 'string' }, { type: 'number' }] };
    expect(
      details(field(union), field({ type: 'string' })).map((c) => [c.kind, c.breaking]),
    ).toEqual([['details-field-narrowed', true]]);
    expect(
      details(field({ type: 'string' }), field({ type: ['string', 'null'] })).map((c) => c.message),
    ).toEqual(['details.v: type widened: string → string | null']);
  });

  it('sorts breaking changes first, then by code, role and field', () => {
    const before = snap({ b: entry(), a: entry({ retryable: true }), c: entry() }, { r: 'c' });
    const after = snap(
      { b: entry({ title: 'New' }), a: entry(), d: entry({ status: 500 }) },
      { r: 'b' },
    );
    expect(kinds(before, after)).toEqual([
      '!retryable-changed a',
      '!code-removed c',
      '!role-remapped r',
      'title-changed b',
      'code-added d',
    ]);
  });
});
