/**
 * The key gate of parseErrorBody (JSON_SHAPE_NEEDS) may only skip a shape parser that would not
 * claim the body anyway: checked on every JSON body of the public corpus and on generated bodies
 * built from the member names the shapes read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShapeInput } from '../../src/formats/types.js';
import { headerRecord, requestIdFromHeaders } from '../../src/parse/headers.js';
import { parseJsonBody } from '../../src/parse/json.js';
import { bodyMembers, JSON_SHAPE_NEEDS, JSON_SHAPES } from '../../src/parse/shapes.js';
import { loadCorpus } from './judge.js';

function shapeInput(status: number, headers: Record<string, string>, text: string): ShapeInput {
  const record = headerRecord(headers);
  const parsed = parseJsonBody(text);
  return {
    status,
    contentType: (record['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
    json: parsed.json,
    jsonDepth: parsed.depth,
    text,
    headerRequestId: requestIdFromHeaders(record),
    headerRetryAfter: undefined,
    headers: record,
  };
}

/** The indexes of the shape parsers the gate skips that claim the body all the same. */
function wronglySkipped(input: ShapeInput): number[] {
  const members = bodyMembers(input);
  const wrong: number[] = [];
  JSON_SHAPES.forEach((parse, i) => {
    if (((JSON_SHAPE_NEEDS[i] as number) & members) !== 0) return;
    if (parse(input) !== undefined) wrong.push(i);
  });
  return wrong;
}

describe('the shape gate', () => {
  it('has one entry per JSON shape', () => {
    expect(JSON_SHAPE_NEEDS).toHaveLength(JSON_SHAPES.length);
  });

  it('lets an array body reach every shape', () => {
    const all = bodyMembers({ json: [], contentType: 'application/json' });
    for (const need of JSON_SHAPE_NEEDS) expect(need & all).not.toBe(0);
  });

  it('skips only parsers that would not claim the body', () => {
    // Each body against every parser: a parser the gate skips must return undefined on it.
    const bodies = [
      { message: 'x' },
      { error: 'invalid_grant' },
      { error: { code: 'x', message: 'y' } },
      { errors: [{ message: 'x' }] },
      { title: 'T', status: 400 },
      { detail: 'x' },
      { statusCode: 400, error: 'Bad Request', message: 'x' },
      { success: false, error: 'x' },
      { __type: 'ValidationException', message: 'x' },
      { name: ['is required'] },
      {},
    ];
    for (const json of bodies) {
      const input = shapeInput(400, { 'content-type': 'application/json' }, JSON.stringify(json));
      expect(wronglySkipped(input)).toEqual([]);
    }
  });

  it('skips no parser that would claim a corpus body', () => {
    let checked = 0;
    for (const c of loadCorpus()) {
      const input = shapeInput(c.status, c.headers, c.body);
      if (typeof input.json !== 'object' || input.json === null) continue;
      checked++;
      expect(wronglySkipped(input), `${c.file} ${c.name}`).toEqual([]);
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('skips no parser that would claim a generated body', () => {
    // Names the shapes read at the top level or below it, so generated bodies look like errors.
    const name = fc.constantFrom(
      'title',
      'type',
      'detail',
      'error',
      'success',
      'message',
      'errors',
      'statusCode',
      'status',
      'code',
      'error_description',
      'jsonrpc',
      'id',
      'details',
      'instance',
      '__type',
      'Code',
      'timestamp',
      'path',
      'msg',
      'loc',
      'non_field_errors',
      'name',
      'meta',
      'data',
    );
    // Values that make shapes claim a body (Stripe's error types, JSON-RPC's version, reason
    // phrases, a problem type) beside arbitrary ones.
    const leaf = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        'invalid_request_error',
        'card_error',
        'api_error',
        '2.0',
        'Bad Request',
        'about:blank',
        'invalid_grant',
      ),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(name, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    const body = fc.dictionary(name, value, { maxKeys: 5 });
    const contentType = fc.constantFrom('application/json', 'application/problem+json');
    fc.assert(
      fc.property(
        body,
        contentType,
        fc.constantFrom(400, 404, 422, 429, 500),
        (json, type, status) => {
          const input = shapeInput(status, { 'content-type': type }, JSON.stringify(json));
          expect(wronglySkipped(input)).toEqual([]);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
