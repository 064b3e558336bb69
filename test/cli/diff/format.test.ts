import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog-types.js';
import { diffSnapshots } from '../../../src/cli/diff/report.js';
import { type Snapshot, snapshotOf } from '../../../src/cli/shared/contract.js';
import {
  defineCatalog,
  defineFormat,
  type Format,
  formats,
  type JsonSchemaObject,
} from '../../../src/index.js';
import { acme } from '../fixtures/wire/acme-format.js';

type Errors = Record<string, { status: number; title: string; type?: string; reported?: boolean }>;

const ERRORS = {
  vault_not_found: { status: 404, title: 'Vault not found' },
  vault_locked: { status: 409, title: 'Vault locked' },
} satisfies Errors;

/** The snapshot of a small catalog in a format, with extra definition members. */
function snap(format: Format, extra: { typeBase?: string } = {}, errors: Errors = ERRORS) {
  return snapshotOf(defineCatalog({ format, errors, ...extra }) as Catalog);
}

/** `!kind subject` per change, `!` when breaking. */
const kinds = (before: Snapshot, after: Snapshot) =>
  diffSnapshots(before, after).map((c) =>
    `${c.breaking ? '!' : ''}${c.kind} ${c.member ?? c.field ?? c.code ?? ''}`.trimEnd(),
  );

/** acme with another schema (and content type): the body's contract as the team declares it. */
function acmeWith(schema: JsonSchemaObject, contentType = acme.contentType): Format {
  return defineFormat({ ...acme, contentType, schema: () => schema });
}
const fault = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  required: ['fault'],
  properties: { fault: { type: 'object', required, properties } },
});
const TEXT = { type: 'string' };

describe('errata diff of the wire format', () => {
  it('changes nothing when the format and its options stay', () => {
    const format = formats.envelope.with({ members: { request_id: 'requestId' } });
    expect(
      kinds(snap(format), snap(formats.envelope.with({ members: { request_id: 'requestId' } }))),
    ).toEqual([]);
  });

  it('breaks on a member renamed or left out, not on one added', () => {
    const before = snap(formats.envelope);
    expect(
      kinds(before, snap(formats.envelope.with({ members: { request_id: 'requestId' } }))),
    ).toEqual(['!format-member-renamed error.request_id']);
    expect(kinds(before, snap(formats.envelope.with({ members: { doc_url: false } })))).toEqual([
      '!format-member-removed error.doc_url',
    ]);
    expect(kinds(before, snap(formats.envelope.with({ retryAfter: 'retry_after' })))).toEqual([
      'format-member-added error.retry_after',
    ]);
    const problem = snap(formats.problem);
    expect(
      kinds(problem, snap(formats.problem.with({ members: { instance: false, code: false } }))),
    ).toEqual(['!format-member-removed code', '!format-member-removed instance']);
  });

  it('breaks on the problem type strategy, with every code whose type changes', () => {
    const base = { typeBase: 'https://api.example.com/errors/' };
    const changes = diffSnapshots(
      snap(formats.problem, base),
      snap(formats.problem.with({ type: 'about:blank' }), base),
    );
    expect(changes[0]).toMatchObject({
      kind: 'format-option-changed',
      breaking: true,
      message: 'problem type strategy changed: uri → about:blank',
    });
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'type-changed',
        code: 'vault_not_found',
        breaking: true,
        before: 'https://api.example.com/errors/vault_not_found',
        after: 'about:blank',
      }),
    );
  });

  it("breaks on a code's type URI changed by its entry or by typeBase", () => {
    const own = (type: string) =>
      snap(formats.problem, {}, { ...ERRORS, vault_locked: { ...ERRORS.vault_locked, type } });
    expect(kinds(own('urn:vault:locked'), own('urn:vault:sealed'))).toEqual([
      '!type-changed vault_locked',
    ]);
    const before = snap(formats.problem, { typeBase: 'https://a.example/errors/' });
    const after = snap(formats.problem, { typeBase: 'https://b.example/errors/' });
    const changed = kinds(before, after);
    expect(changed).toContain('!type-changed vault_not_found');
    expect(changed.every((c) => c.startsWith('!type-changed'))).toBe(true);
    // An envelope API answers problem+json to clients that ask for it: its types count too.
    const envelope = kinds(
      snap(formats.envelope, { typeBase: 'https://a.example/errors/' }),
      snap(formats.envelope, { typeBase: 'https://b.example/errors/' }),
    );
    expect(envelope).toContain('!type-changed vault_locked');
  });

  it('breaks on the format switched, and on the success timestamp precision', () => {
    expect(kinds(snap(formats.envelope), snap(formats.problem))).toEqual([
      '!format-switched',
      // The problem bodies envelope clients could ask for are the same: no type change.
    ]);
    expect(
      kinds(snap(formats.success), snap(formats.success.with({ timestamp: 'seconds' }))),
    ).toEqual(['!format-option-changed timestamp']);
    expect(kinds(snap(formats.success), snap(formats.success.with({ timestamp: false })))).toEqual([
      '!format-member-removed meta.timestamp',
    ]);
    expect(kinds(snap(formats.envelope), snap(acme))).toEqual(['!format-switched']);
  });

  it("compares options this errata's format refuses (a newer errata's) as data", () => {
    const before = snap(formats.problem.with({ type: 'code' }));
    const after = structuredClone(before);
    (after.format as { options: Record<string, unknown> }).options = { type: 'code', zz_newer: 1 };
    expect(kinds(before, after)).toEqual(['!format-option-changed zz_newer']);
    expect(kinds(after, structuredClone(after))).toEqual([]);
  });

  it("compares a custom format's schema and content type for its clients", () => {
    const v1 = snap(acmeWith(fault({ id: TEXT, text: TEXT }, ['id', 'text'])));
    const grown = snap(acmeWith(fault({ id: TEXT, text: TEXT, ref: TEXT }, ['id', 'text'])));
    expect(kinds(v1, grown)).toEqual(['format-member-added body.fault.ref']);
    const renamed = snap(acmeWith(fault({ id: TEXT, message: TEXT }, ['id', 'message'])));
    expect(kinds(v1, renamed)).toEqual(['!format-member-renamed body.fault.text']);
    const dropped = snap(acmeWith(fault({ id: TEXT }, ['id'])));
    expect(kinds(v1, dropped)).toEqual(['!format-member-removed body.fault.text']);
    const optional = snap(acmeWith(fault({ id: TEXT, text: TEXT }, ['id'])));
    expect(kinds(v1, optional)).toEqual(['!format-member-optional body.fault.text']);
    const numeric = snap(acmeWith(fault({ id: { type: 'integer' }, text: TEXT }, ['id', 'text'])));
    expect(kinds(v1, numeric)).toEqual(['!format-member-changed body.fault.id']);
    const levels = (values: string[]) =>
      snap(acmeWith(fault({ id: TEXT, text: TEXT, level: { enum: values } }, ['id', 'text'])));
    expect(kinds(levels(['low']), levels(['low', 'high']))).toEqual([
      'format-member-widened body.fault.level',
    ]);
    const json = snap(
      acmeWith(fault({ id: TEXT, text: TEXT }, ['id', 'text']), 'application/json'),
    );
    expect(kinds(v1, json)).toEqual(['!format-content-type-changed']);
  });

  it('breaks when a code turns reported, not when a reported one is returned', () => {
    const reported = { ...ERRORS, vault_locked: { ...ERRORS.vault_locked, reported: true } };
    const returned = snap(formats.problem);
    const elsewhere = snap(formats.problem, {}, reported);
    expect(elsewhere.codes.vault_locked?.reported).toBe(true);
    expect(kinds(returned, elsewhere)).toEqual(['!reported-changed vault_locked']);
    expect(kinds(elsewhere, returned)).toEqual(['reported-changed vault_locked']);
    expect(
      kinds(
        returned,
        snap(formats.problem, {}, { ...ERRORS, vault_gone: { status: 410, title: 'Gone' } }),
      ),
    ).toEqual(['code-added vault_gone']);
  });

  it('reads what a contract/1 file lacks as unknown, not as a change', async () => {
    const legacy = JSON.parse(
      await readFile('test/cli/fixtures/contracts/v1.lock.json', 'utf8'),
    ) as Snapshot;
    expect(legacy.errata).toBe('contract/1');
    const { default: v1 } = await import('../fixtures/contracts/v1.js');
    const now = snapshotOf(v1 as Catalog);
    expect(diffSnapshots(legacy, now)).toEqual([]);
    expect(diffSnapshots(now, legacy)).toEqual([]);
    // A contract/1 entry has no `reported`: absent there is not "returned".
    const reported = structuredClone(now);
    (reported.codes.gateway_slow as { reported?: true }).reported = true;
    expect(diffSnapshots(legacy, reported)).toEqual([]);
  });
});
