/**
 * Where `parseErrorBody`'s time goes past JSON.parse: each step timed alone (ns per call) on the
 * bodies bench:formats parses, for the formats named (default message, envelope, problem).
 * Run: node scripts/bench.mjs parse-steps  (or: ... parse-steps -- google,jsonapi)
 */
import type { FormatName, ShapeInput } from '../src/formats/types.js';
import { parseErrorBody, renderError } from '../src/index.js';
import { bounded } from '../src/parse/bounds.js';
import { enrich } from '../src/parse/generic/enrich.js';
import { headerRecord, requestIdFromHeaders, retryAfterFromHeaders } from '../src/parse/headers.js';
import { parseJsonBody } from '../src/parse/json.js';
import { bodyMembers, JSON_SHAPE_NEEDS, JSON_SHAPES } from '../src/parse/shapes.js';
import { formatsCatalog, formatsContext } from './bench-catalog.js';
import { consume } from './harness.js';

const catalog = formatsCatalog;
const ctx = formatsContext;
const N = 300_000;

function time(fn: () => unknown): number {
  for (let i = 0; i < 50_000; i++) consume(fn());
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) consume(fn());
  return Number(process.hrtime.bigint() - start) / N;
}

const formats = (process.argv[2] ?? 'message,envelope,problem').split(',') as FormatName[];
console.log(`# parse steps — node ${process.version}, ns per call (${N} calls after warm-up)\n`);
console.log(`| step | ${formats.join(' | ')} |`);
console.log(`|---|${formats.map(() => '---:').join('|')}|`);
const table: Record<string, string[]> = {};
for (const format of formats) {
  const rendered = renderError(catalog.error('secret_not_found', { name: 'db' }), {
    ...ctx,
    format,
  });
  const input = { status: rendered.status, headers: rendered.headers, body: rendered.body };
  const headers = headerRecord(input.headers);
  const parsed = parseJsonBody(input.body);
  const type = headers['content-type'] ?? '';
  const shape: ShapeInput = {
    status: rendered.status,
    contentType: type.split(';')[0]?.trim().toLowerCase() ?? '',
    json: parsed.json,
    jsonDepth: parsed.depth,
    text: input.body,
    headerRequestId: requestIdFromHeaders(headers),
    headerRetryAfter: retryAfterFromHeaders(headers, rendered.status),
    headers,
  };
  const members = bodyMembers(shape);
  const shapes = () => {
    for (let i = 0; i < JSON_SHAPES.length; i++) {
      if (((JSON_SHAPE_NEEDS[i] as number) & members) === 0) continue;
      const error = JSON_SHAPES[i]?.(shape);
      if (error !== undefined) return error;
    }
    return undefined;
  };
  const error = shapes();
  if (error === undefined) throw new Error(`no shape parser took the ${format} body`);
  const rows: Record<string, number> = {
    'JSON.parse alone': time(() => JSON.parse(input.body)),
    parseErrorBody: time(() => parseErrorBody(input)),
    'parseJsonBody (JSON.parse + bounds)': time(() => parseJsonBody(input.body)),
    headerRecord: time(() => headerRecord(input.headers)),
    'request id from headers': time(() => requestIdFromHeaders(headers)),
    'Retry-After from headers': time(() => retryAfterFromHeaders(headers, rendered.status)),
    'key gate (bodyMembers)': time(() => bodyMembers(shape)),
    'shape parsers up to the winner': time(shapes),
    enrich: time(() => enrich(error, shape)),
    bounded: time(() => bounded(error, shape)),
  };
  for (const [step, ns] of Object.entries(rows)) {
    const row = table[step] ?? [];
    table[step] = row;
    row.push(ns.toFixed(0));
  }
}
for (const [step, cells] of Object.entries(table))
  console.log(`| ${step} | ${cells.join(' | ')} |`);
