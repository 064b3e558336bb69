import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, formats, memberNames } from '../../src/formats/index.js';
import type { ProblemOptions } from '../../src/formats/options.js';
import { bodyOf, invalid, notFound } from './fixtures.js';

/** `.with()` called with options the types refuse: the runtime check must refuse them too. */
function loose(name: (typeof FORMAT_NAMES)[number], options: unknown) {
  return () => (formats[name].with as (o: unknown) => unknown)(options);
}

describe('format options: checked at .with()', () => {
  it('the options must be a plain object', () => {
    for (const name of FORMAT_NAMES) {
      for (const bad of [null, 'x', 3, [], new Map()]) {
        expect(loose(name, bad)).toThrow(TypeError);
      }
    }
    expect(loose('problem', null)).toThrow(
      'errata: formats.problem.with(): options must be a plain object, got null.',
    );
  });

  it('an unknown option or member is named, with the known ones', () => {
    expect(loose('problem', { typ: 'code' })).toThrow(
      'errata: formats.problem.with(): unknown option "typ"; expected one of members, type, retryAfter.',
    );
    expect(loose('envelope', { members: { requestId: 'x' } })).toThrow(
      'errata: formats.envelope.with(): unknown member "requestId" in members; expected one of code, details, fields, request_id, doc_url.',
    );
    // retryAfter is a top-level option of problem and envelope, not a member.
    expect(loose('problem', { members: { retry_after: 'x' } })).toThrow(
      /unknown member "retry_after" in members/,
    );
    expect(loose('google', { members: { ErrorInfo: false } })).toThrow(
      /unknown member "ErrorInfo" in members/,
    );
    expect(loose('message', { timestamp: 'seconds' })).toThrow(/unknown option "timestamp"/);
  });

  it('a member takes a name or false, nothing else', () => {
    for (const bad of [true, 0, null, {}, ['x']]) {
      expect(loose('problem', { members: { code: bad } })).toThrow(
        /members\.code must be a member name or false/,
      );
    }
    expect(loose('problem', { members: { code: 42 } })).toThrow(
      'errata: formats.problem.with(): members.code must be a member name or false, got number 42.',
    );
    expect(loose('problem', { retryAfter: true })).toThrow(
      /retryAfter must be a member name or false/,
    );
  });

  it('members that cannot be left out or renamed say so', () => {
    expect(loose('message', { members: { message: false } })).toThrow(
      'errata: formats.message.with(): members.message cannot be left out.',
    );
    expect(loose('laravel', { members: { errors: false } })).toThrow(
      /members\.errors cannot be left out/,
    );
    expect(loose('google', { members: { RequestInfo: 'Req' } })).toThrow(
      'errata: formats.google.with(): members.RequestInfo can only be false (left out), got "Req".',
    );
    expect(loose('jsonapi', { members: { meta: 'm' } })).toThrow(/members\.meta can only be false/);
  });

  it('unsafe and odd names are refused', () => {
    for (const bad of [
      '__proto__',
      'constructor',
      'prototype',
      '',
      'a.b',
      'a b',
      '1x',
      'x'.repeat(65),
    ]) {
      expect(loose('envelope', { members: { request_id: bad } })).toThrow(
        /is not a safe member name/,
      );
    }
    for (const inherited of ['toString', 'hasOwnProperty', 'valueOf', 'constructor']) {
      expect(loose('problem', { members: { details: inherited } })).toThrow(
        /not a safe member name/,
      );
    }
    expect(loose('success', { members: { requestId: '__proto__' } })).toThrow(
      'errata: formats.success.with(): members.requestId "__proto__" is not a safe member name (letters, digits, _, $ or -, at most 64, not prototype or a name every object inherits, such as __proto__ or toString).',
    );
  });

  it('a rename onto a name already used in the same object is refused', () => {
    expect(loose('problem', { members: { request_id: 'code' } })).toThrow(
      'errata: formats.problem.with(): members.request_id "code" is already the name of members.code.',
    );
    expect(loose('problem', { members: { code: 'title' } })).toThrow(
      'errata: formats.problem.with(): members.code "title" is already the name of the fixed member "title".',
    );
    expect(loose('problem', { retryAfter: 'errors' })).toThrow(
      /retryAfter "errors" is already the name of members\.errors/,
    );
    // A clash with a member's default name blames the option, whatever the order.
    expect(loose('problem', { members: { instance: 'request_id' } })).toThrow(
      'errata: formats.problem.with(): members.instance "request_id" is already the name of members.request_id.',
    );
    expect(loose('envelope', { members: { code: 'message' } })).toThrow(/fixed member "message"/);
    expect(loose('success', { members: { field: 'code' } })).toThrow(/fixed member "code"/);
    expect(loose('laravel', { members: { message: 'errors' } })).toThrow(/already the name/);
    expect(loose('stripe', { members: { param: 'type' } })).toThrow(/fixed member "type"/);
    // A freed name may be reused: code renamed away, request_id takes `code`.
    expect(() =>
      formats.problem.with({ members: { code: 'error_code', request_id: 'code' } }),
    ).not.toThrow();
    // Different objects may share a name: success's meta.requestId and error.field.
    expect(() => formats.success.with({ members: { field: 'requestId' } })).not.toThrow();
  });

  it('enumerated options name their values', () => {
    expect(loose('problem', { type: 'url' })).toThrow(
      "errata: formats.problem.with(): type must be one of 'uri', 'about:blank', 'code', got \"url\".",
    );
    expect(loose('success', { timestamp: 'ms' })).toThrow(
      "errata: formats.success.with(): timestamp must be one of 'milliseconds', 'seconds', false, got \"ms\".",
    );
  });
});

describe('format options: the configured format', () => {
  it('keeps the name, records the options as frozen JSON data', () => {
    const options: ProblemOptions = {
      members: { code: false, request_id: 'requestId' },
      type: 'code',
    };
    const f = formats.problem.with(options);
    expect(f.name).toBe('problem');
    expect(f.contentType).toBe('application/problem+json');
    expect(f.options).toEqual(options);
    expect(JSON.parse(JSON.stringify(f.options))).toEqual(options);
    expect(Object.isFrozen(f.options)).toBe(true);
    expect(Object.isFrozen(f.options.members)).toBe(true);
    // Changing the object given afterwards changes nothing.
    (options.members as { code?: unknown }).code = 'x';
    expect(f.options.members?.code).toBe(false);
    expect(formats.problem.options).toEqual({});
  });

  it('.with() on a configured format merges, members member by member', () => {
    const a = formats.envelope.with({ members: { request_id: 'requestId' } });
    const b = a.with({ members: { doc_url: false }, retryAfter: 'retry_after' });
    expect(b.options).toEqual({
      members: { request_id: 'requestId', doc_url: false },
      retryAfter: 'retry_after',
    });
    expect(a.options).toEqual({ members: { request_id: 'requestId' } });
    const body = bodyOf(b.render(notFound(), { requestId: 'req_1' })) as { error: object };
    expect(Object.keys(body.error)).toEqual(['code', 'message', 'details', 'requestId']);
  });

  it('undefined option values are the defaults and are not recorded', () => {
    const f = formats.success.with({ members: {} });
    expect(f.render(invalid(), { requestId: 'r', timestamp: 'T' }).body).toBe(
      formats.success.render(invalid(), { requestId: 'r', timestamp: 'T' }).body,
    );
    const g = (formats.success.with as (o: unknown) => { options: unknown })({
      timestamp: undefined,
    });
    expect(g.options).toEqual({});
  });

  it('render and parse work detached from the format object', () => {
    const f = formats.envelope.with({ members: { request_id: 'rid' } });
    const { render, parse } = f;
    const r = render(notFound(), { requestId: 'req_1' });
    expect(bodyOf(r)).toMatchObject({ error: { rid: 'req_1' } });
    expect(typeof parse).toBe('function');
  });
});

describe('memberNames: what the CLI reads', () => {
  it('gives every built-in its resolved names, custom formats none', () => {
    expect(memberNames(formats.problem)).toEqual({
      instance: 'instance',
      code: 'code',
      request_id: 'request_id',
      errors: 'errors',
      details: 'details',
      retry_after: false,
      type: 'uri',
    });
    expect(
      memberNames(
        formats.envelope.with({ members: { request_id: 'requestId' }, retryAfter: 'retry_after' }),
      ),
    ).toMatchObject({ request_id: 'requestId', retry_after: 'retry_after', code: 'code' });
    expect(memberNames(formats.success.with({ timestamp: false }))).toMatchObject({
      timestamp: false,
      precision: false,
    });
    for (const name of FORMAT_NAMES) expect(memberNames(formats[name])).toBeDefined();
    expect(memberNames({})).toBeUndefined();
  });
});
