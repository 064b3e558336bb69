import { ApiError } from '../api-error.js';
import { formatToTryFirst } from '../formats/builtin-names.js';
import type { Format, FormatName, ParseInput, ShapeInput } from '../formats/types.js';
import { isErrorStatus } from '../status.js';
import { bounded, MAX_RAW_TEXT } from './bounds.js';
import { enrich } from './generic/enrich.js';
import { headerRecord, requestIdFromHeaders, retryAfterFromHeaders } from './headers.js';
import { parseJsonBody } from './json.js';
import { contentLanguage, headerLocale, withHeaderLocale } from './locale.js';
import {
  bodyMembers,
  fallbackError,
  JSON_SHAPE_NEEDS,
  JSON_SHAPES,
  type ShapeParser,
  TEXT_SHAPES,
} from './shapes.js';
import { clip } from './util.js';

/** Options of `parseErrorBody`. */
export type ParseOptions = {
  /**
   * Characters of the body that are looked at; the rest is ignored so a huge or hostile body
   * costs bounded time and memory. JSON nested deeper than 64 levels is not parsed either (it is
   * read as text): parsing it costs far more than its size suggests. What the error keeps is
   * bounded too (see `bounded`): message 1000 characters, title and code 200, 100 violations,
   * `details` 16 KiB as JSON, `raw` 64 KiB (a longer body's `raw` is its first 64 Ki characters).
   * @default 1_048_576
   */
  maxLength?: number;
  /**
   * The body is known to be cut short (a read cap, a broken stream): its JSON is not parsed, so a
   * cut that happens to leave valid JSON is not taken for the whole body. Text shapes still apply.
   * @default false
   */
  truncated?: boolean;
  /**
   * The format the API speaks, when it is known: a configured built-in
   * (`formats.envelope.with(…)`, e.g. the catalog's `format`) or one made with `defineFormat`. Its
   * `parse` is tried first, so renamed members are read back; the universal shapes follow.
   * A name that is not a format throws a TypeError.
   * @default undefined (the universal shapes only)
   * @example parseErrorBody(input, { format: catalog.format })
   */
  format?: FormatName | Format | undefined;
};

const DEFAULT_MAX = 1_048_576;

/**
 * Turn any error response (errata's eight formats, other APIs' shapes, HTML, text, nothing)
 * into an ApiError with `format` and `raw`. Never throws anything but an ApiError.
 * `locale` is the language of its message: an AIP-193 `LocalizedMessage`'s (which then gives the
 * message), else the first tag of `Content-Language` when it is a language tag (not for a
 * message errata stood in with, the status's English phrase, unless the tag is English).
 * @example
 * const error = parseErrorBody({ status: 404, headers: { 'content-type': 'application/json' }, body });
 * if (error.code === 'secret_not_found') …
 */
export function parseErrorBody(input: ParseInput, options: ParseOptions = {}): ApiError {
  const status = isErrorStatus(input?.status) ? input.status : 500;
  const known = formatToTryFirst(options.format);
  let shape: ShapeInput | undefined;
  try {
    const headers = headerRecord(input.headers);
    const locale = contentLanguage(headers);
    const max = options.maxLength ?? DEFAULT_MAX;
    const raw = typeof input.body === 'string' ? input.body : '';
    const cut = raw.length > max || options.truncated === true;
    const text = raw.length > max ? raw.slice(0, max) : raw;
    const type = headers['content-type'];
    // errata's own two types skip the split, trim and lower-casing (each a new string).
    const contentType =
      type === 'application/json' || type === 'application/problem+json'
        ? type
        : ((type ?? '').split(';')[0]?.trim().toLowerCase() ?? '');
    // The status as received: a GraphQL or JSON-RPC error sent with 200 may name its real
    // status in the body, and parsedError prefers that to the 500 it would otherwise use.
    const received = Number.isInteger(input.status) ? input.status : status;
    const parsed = cut ? undefined : parseJsonBody(text);
    shape = {
      status: received,
      contentType,
      json: parsed?.json,
      jsonDepth: parsed?.depth,
      text,
      headerRequestId: requestIdFromHeaders(headers),
      headerRetryAfter: retryAfterFromHeaders(headers, received),
      headers,
    };
    if (known !== undefined) {
      const error = knownFormat(known, shape);
      if (error !== undefined) return bounded(error, shape, headerLocale(error, locale));
    }
    if (shape.json !== undefined && typeof shape.json === 'object' && shape.json !== null) {
      const members = bodyMembers(shape);
      for (let i = 0; i < JSON_SHAPES.length; i++) {
        if (((JSON_SHAPE_NEEDS[i] as number) & members) === 0) continue;
        const error = (JSON_SHAPES[i] as ShapeParser)(shape);
        if (error !== undefined)
          return bounded(withHeaderLocale(enrich(error, shape), locale), shape);
      }
    }
    for (const parse of TEXT_SHAPES) {
      const error = parse(shape);
      if (error !== undefined) return bounded(withHeaderLocale(error, locale), shape);
    }
    return bounded(withHeaderLocale(enrich(fallbackError(shape), shape), locale), shape);
  } catch (cause) {
    // A bug in a shape parser must not escape: the caller still gets an ApiError.
    return new ApiError({
      status,
      format: 'unknown',
      raw: clip(shape?.text ?? '', MAX_RAW_TEXT),
      expose: status < 500,
      cause,
      ...(shape?.headerRequestId === undefined ? {} : { requestId: shape.headerRequestId }),
    });
  }
}

/** The known format's reading of a body; a custom parse that throws leaves it to the shapes. */
function knownFormat(format: Format, shape: ShapeInput): ApiError | undefined {
  try {
    return format.parse(shape);
  } catch {
    // A team's own parser failing on one odd body must not cost the client the universal reading.
    return undefined;
  }
}
