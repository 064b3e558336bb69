// Sample errors for the page: built like `catalog.error(code, details, options)`, rendered
// through the API's own format (configured or custom) with a fixed request id and timestamp, so
// that the page is byte-identical from run to run.
import type { ApiError, FieldViolation } from '../../api-error.js';
import type { Catalog, ErrorOptions } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type { ReferenceJson, ReferenceSample } from '../../reference-types.js';
import { renderError } from '../../render.js';
import { phraseOf } from './code-doc.js';
import { headerCase } from './header-case.js';
import { jsonText } from './json-layout.js';
import type { Block } from './types.js';

/** Fixed so that the page is byte-identical from run to run. */
export const EXAMPLE_REQUEST_ID = 'req_8ZQ4K2M7';
/** Fixed for formats that carry a timestamp. */
export const EXAMPLE_TIMESTAMP = '2026-01-01T00:00:00.000Z';
/** The standard page's example: the validation role with two violations. */
export const EXAMPLE_FIELDS: FieldViolation[] = [
  { path: ['name'], message: 'must not be empty' },
  { path: ['items', 0, 'quantity'], message: 'must be at least 1', code: 'too_small' },
];

/** An occurrence to render: what an entry example or a format section gives. */
export type Occurrence = {
  code: string;
  message?: string | undefined;
  details?: unknown;
  fields?: readonly FieldViolation[] | undefined;
  retryAfter?: number | undefined;
  requestId?: string | undefined;
};

type ErrorOf = (code: string, details?: unknown, options?: ErrorOptions) => ApiError;

/**
 * The error of an occurrence. A message function that cannot cope with the given details (it
 * reads a member that is not there) falls back to the code's title rather than failing the page.
 * @example occurrenceError(catalog, { code: 'secret_not_found', details: { path: 'a' } })
 */
export function occurrenceError(catalog: Catalog, occurrence: Occurrence): ApiError {
  const options: ErrorOptions = { requestId: occurrence.requestId ?? EXAMPLE_REQUEST_ID };
  if (occurrence.message !== undefined) options.message = occurrence.message;
  if (occurrence.fields !== undefined) options.fields = occurrence.fields.map(copyField);
  if (occurrence.retryAfter !== undefined) options.retryAfter = occurrence.retryAfter;
  const error = catalog.error as unknown as ErrorOf;
  try {
    return error(occurrence.code, occurrence.details, options);
  } catch {
    const title = catalog.get(occurrence.code)?.title ?? occurrence.code;
    return error(occurrence.code, occurrence.details, { ...options, message: title });
  }
}

function copyField(field: FieldViolation): FieldViolation {
  return { ...field, path: [...field.path] };
}

/**
 * The error a format section shows: the validation role's with the standard two violations when
 * the section names nothing, else its code (default: the validation role's), started from one
 * of the code's examples and changed by what the section says.
 * @example sampleError(catalog, { code: 'secret_not_found', details: { path: 'a/b' } })
 */
export function sampleError(catalog: Catalog, sample: ReferenceSample = {}): ApiError {
  const requestId = sample.requestId ?? EXAMPLE_REQUEST_ID;
  const says = [sample.code, sample.example, sample.message, sample.details, sample.fields];
  if (says.every((v) => v === undefined))
    return exampleError(catalog, requestId, sample.retryAfter);
  const code = sample.code ?? catalog.roleError('validation_error').code;
  const entry = catalog.get(code);
  if (entry === undefined) {
    throw new TypeError(
      `reference: a format section names ${JSON.stringify(code)}, which the catalog does not define`,
    );
  }
  let base: Omit<Occurrence, 'code'> = {};
  if (sample.example !== undefined) {
    const found =
      typeof sample.example === 'number'
        ? entry.examples[sample.example]
        : entry.examples.find((e) => e.title === sample.example);
    if (found === undefined) {
      throw new TypeError(`reference: ${code} has no example ${JSON.stringify(sample.example)}`);
    }
    base = found;
  }
  const occurrence: Occurrence = { ...base, code, requestId };
  if (sample.message !== undefined) occurrence.message = sample.message;
  if (sample.details !== undefined) occurrence.details = sample.details;
  if (sample.fields !== undefined) occurrence.fields = sample.fields;
  if (sample.retryAfter !== undefined) occurrence.retryAfter = sample.retryAfter;
  return occurrenceError(catalog, occurrence);
}

/** The validation role's error with two violations: every catalog has one, every format shows it. */
function exampleError(catalog: Catalog, requestId: string, retryAfter?: number): ApiError {
  const options: ErrorOptions = { fields: EXAMPLE_FIELDS, requestId };
  if (retryAfter !== undefined) options.retryAfter = retryAfter;
  try {
    return catalog.roleError('validation_error', options);
  } catch {
    // A remapped role whose message is a function of details it does not get here.
    const code = catalog.roleError('validation_error', { ...options, message: '' }).code;
    const title = catalog.get(code)?.title ?? '';
    return catalog.roleError('validation_error', { ...options, message: title });
  }
}

/** How a sample is shown. */
export type ShowOptions = {
  /** JSON Pointer into the body. @default '' */
  pointer?: string | undefined;
  /** Body only, or status line, headers and body. @default 'body' */
  show?: 'body' | 'response' | undefined;
  /** @default EXAMPLE_REQUEST_ID */
  requestId?: string | undefined;
  /** @default EXAMPLE_TIMESTAMP */
  timestamp?: string | undefined;
  /** How a JSON body is laid out. @default 'pretty' */
  json?: ReferenceJson | undefined;
  /**
   * The `Accept-Language` of the request answered (a translated page's locale).
   * @default none: the catalog's own language
   */
  acceptLanguage?: string | undefined;
};

/**
 * An error rendered through the format, as a verbatim block: pretty or compact JSON (or the body
 * as sent when it is not JSON), optionally only the part at a JSON Pointer, optionally as a
 * response.
 * @example sampleBlock(catalog, formats.success, error, { pointer: '/error' }).kind // 'json'
 */
export function sampleBlock(
  catalog: Catalog,
  format: Format,
  error: ApiError,
  options: ShowOptions = {},
): Block {
  const response = renderError(error, {
    catalog,
    format,
    requestId: options.requestId ?? error.requestId ?? EXAMPLE_REQUEST_ID,
    timestamp: options.timestamp ?? EXAMPLE_TIMESTAMP,
    acceptLanguage: options.acceptLanguage,
  });
  let json: unknown;
  let body = response.body;
  let isJson = true;
  try {
    json = JSON.parse(response.body);
  } catch {
    isJson = false;
  }
  if (isJson) {
    body = jsonText(atPointer(json, options.pointer ?? ''), options.json);
  }
  const caption = `Example: ${response.status} ${error.code}`;
  if (options.show !== 'response') return { kind: isJson ? 'json' : 'text', caption, text: body };
  const lines = [`HTTP/1.1 ${response.status} ${phraseOf(response.status)}`];
  for (const [name, value] of Object.entries(response.headers)) {
    lines.push(`${headerCase(name)}: ${value}`);
  }
  return { kind: 'http', caption, text: `${lines.join('\n')}\n\n${body}` };
}

/**
 * The value at a JSON Pointer (RFC 6901); a pointer that leads nowhere is an error of the page.
 * @example atPointer({ error: { code: 'x' } }, '/error') // { code: 'x' }
 */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  if (!pointer.startsWith('/'))
    throw new TypeError(`reference: bad JSON Pointer ${JSON.stringify(pointer)}`);
  let at = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) {
      throw new TypeError(`reference: the example body has nothing at ${JSON.stringify(pointer)}`);
    }
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
