// The lite entry's body parser: `parseErrorBody`'s pipeline (bounded reading, the API's own
// format first, every result bounded) with errata's eight formats as the only shapes. No other
// vendors' shapes, no generic recogniser, no HTML or text reading: a body of none of errata's
// formats becomes the status's error (its code, phrase and the headers' request id and delay).
import { ApiError } from '../api-error.js';
import { formatToTryFirst } from '../formats/builtin-names.js';
import type { Format, ParseInput, ShapeInput } from '../formats/types.js';
import { bounded, MAX_RAW_TEXT } from '../parse/bounds.js';
import { headerRecord, requestIdFromHeaders, retryAfterFromHeaders } from '../parse/headers.js';
import { parseJson } from '../parse/json.js';
import { contentLanguage, headerLocale, withHeaderLocale } from '../parse/locale.js';
import { ERRATA_SHAPES, fallbackError } from '../parse/shapes.js';
import { clip } from '../parse/util.js';
import { isErrorStatus } from '../status.js';
import type { BodyOptions } from './read-error.js';

/**
 * An error response of an errata API as an ApiError: errata's eight formats (and the API's own
 * configured or custom format, tried first), else the status's error. Never throws anything but
 * the TypeError for a format name that is not a format.
 * @example parseErrataBody({ status: 404, headers, body }, { maxLength: body.length, truncated: false, format: undefined })
 */
export function parseErrataBody(input: ParseInput, options: BodyOptions): ApiError {
  const status = isErrorStatus(input?.status) ? input.status : 500;
  const known = formatToTryFirst(options.format);
  let shape: ShapeInput | undefined;
  try {
    const headers = headerRecord(input.headers);
    const locale = contentLanguage(headers);
    const raw = typeof input.body === 'string' ? input.body : '';
    const cut = raw.length > options.maxLength || options.truncated;
    const text = raw.length > options.maxLength ? raw.slice(0, options.maxLength) : raw;
    const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const received = Number.isInteger(input.status) ? input.status : status;
    shape = {
      status: received,
      contentType,
      json: cut ? undefined : parseJson(text),
      text,
      headerRequestId: requestIdFromHeaders(headers),
      headerRetryAfter: retryAfterFromHeaders(headers, received),
      headers,
    };
    if (known !== undefined) {
      const error = tryFormat(known, shape);
      if (error !== undefined) return bounded(error, shape, headerLocale(error, locale));
    }
    if (typeof shape.json === 'object' && shape.json !== null) {
      for (const parse of ERRATA_SHAPES) {
        const error = parse(shape);
        if (error !== undefined) return bounded(withHeaderLocale(error, locale), shape);
      }
    }
    return bounded(withHeaderLocale(fallbackError(shape), locale), shape);
  } catch (cause) {
    // A bug in a parser must not escape: the caller still gets an ApiError.
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

/** The API's own format's reading; a custom parse that throws leaves the body to the shapes. */
function tryFormat(format: Format, shape: ShapeInput): ApiError | undefined {
  try {
    return format.parse(shape);
  } catch {
    return undefined;
  }
}
