import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiError } from '../../src/api-error.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { codeForStatus } from '../../src/status.js';

/** What a careful reader of the vendor's docs takes from one response. */
export type Expected = {
  code: string | null;
  message: string | null;
  requestId: string | null;
  retryAfter: number | null;
  fields: string[];
  /**
   * The language of the message, where the case pins it (`Content-Language`, AIP-193
   * `LocalizedMessage.locale`); null: none. Judged only when present, and not in `JUDGED`.
   */
  locale?: string | null;
};

/** One published error response, as its source shows it. */
export type CorpusCase = {
  name: string;
  source: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  expected: Expected;
  note?: string;
};

/** One vendor's file: `test/corpus/cases/<slug>.json`. */
export type CorpusFile = { vendor: string; kind: string; cases: CorpusCase[] };

/** A case with where it came from. */
export type LoadedCase = CorpusCase & { vendor: string; kind: string; file: string };

/** The fields the judge compares. */
export const JUDGED = ['code', 'message', 'requestId', 'retryAfter', 'fields'] as const;
export type Judged = (typeof JUDGED)[number];

/** The verdict on one case: which fields missed, with what the parser gave. */
export type Verdict = {
  case: LoadedCase;
  pass: boolean;
  misses: { field: Judged | 'locale'; expected: unknown; got: unknown }[];
};

/** The repo's public corpus. */
export const CORPUS_DIR = fileURLToPath(new URL('./cases/', import.meta.url));

/**
 * Every case of every `*.json` file in `dir`, vendor and file attached.
 * @example loadCorpus(CORPUS_DIR).length
 */
export function loadCorpus(dir: string = CORPUS_DIR): LoadedCase[] {
  const out: LoadedCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CorpusFile;
    for (const c of data.cases) out.push({ ...c, vendor: data.vendor, kind: data.kind, file });
  }
  return out;
}

/** Whitespace runs as one space, ends trimmed: how a message reads, not how it was wrapped. */
function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function dotted(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

/** What the parser gave for one judged field, in the corpus's terms. */
function got(error: ApiError, field: Judged): unknown {
  switch (field) {
    case 'code':
      return error.code;
    case 'message':
      return error.message;
    case 'requestId':
      return error.requestId ?? null;
    case 'retryAfter':
      return error.retryAfter ?? null;
    case 'fields':
      // A violation of the whole body (an empty path, JSON:API's pointer "") names no field.
      return [
        ...new Set(
          (error.fields ?? []).filter((f) => f.path.length > 0).map((f) => dotted(f.path)),
        ),
      ].sort();
  }
}

function matches(c: CorpusCase, error: ApiError, field: Judged, value: unknown): boolean {
  const want = c.expected[field];
  switch (field) {
    case 'code':
      // No code in the response: the parser must not invent one beyond the status's own.
      return want === null ? value === codeForStatus(error.status) : value === want;
    case 'message': {
      if (want === null) return true;
      const have = squash(String(value));
      const expected = squash(want as string);
      // The parser cuts messages at 1000 characters.
      return expected.length > 1000 ? expected.startsWith(have.slice(0, 990)) : have === expected;
    }
    case 'requestId':
      return value === want;
    case 'retryAfter':
      return want === null
        ? value === null
        : typeof value === 'number' && Math.abs(value - (want as number)) < 1e-3;
    case 'fields': {
      const expected = [...new Set(want as string[])].sort();
      return JSON.stringify(expected) === JSON.stringify(value);
    }
  }
}

/**
 * Parse one case as a client would receive it and compare every judged field.
 * @example judge(loadCorpus()[0]).pass
 */
export function judge(c: LoadedCase): Verdict {
  const error = parseErrorBody({ status: c.status, headers: c.headers, body: c.body });
  const misses: Verdict['misses'] = [];
  for (const field of JUDGED) {
    const value = got(error, field);
    if (!matches(c, error, field, value)) {
      misses.push({ field, expected: c.expected[field], got: value });
    }
  }
  const locale = c.expected.locale;
  if (locale !== undefined && (error.locale ?? null) !== locale) {
    misses.push({ field: 'locale', expected: locale, got: error.locale ?? null });
  }
  return { case: c, pass: misses.length === 0, misses };
}

/** Pass counts overall, per field and per vendor. */
export type Score = {
  cases: number;
  passed: number;
  vendors: number;
  perField: Record<Judged, number>;
  perVendor: Map<string, { cases: number; passed: number }>;
};

/**
 * Score verdicts: the corpus's pass rate and where it fails.
 * @example score(loadCorpus().map(judge)).passed
 */
export function score(verdicts: readonly Verdict[]): Score {
  const perField = Object.fromEntries(JUDGED.map((f) => [f, 0])) as Record<Judged, number>;
  const perVendor = new Map<string, { cases: number; passed: number }>();
  for (const v of verdicts) {
    const missed = new Set(v.misses.map((m) => m.field));
    for (const f of JUDGED) if (!missed.has(f)) perField[f] += 1;
    const row = perVendor.get(v.case.vendor) ?? { cases: 0, passed: 0 };
    row.cases += 1;
    if (v.pass) row.passed += 1;
    perVendor.set(v.case.vendor, row);
  }
  return {
    cases: verdicts.length,
    passed: verdicts.filter((v) => v.pass).length,
    vendors: perVendor.size,
    perField,
    perVendor,
  };
}
