import type { FieldViolation } from '../api-error.js';
import {
  dotPath,
  fromDotted,
  isObject,
  type JsonObject,
  nonEmpty,
  num,
  parsedError,
  rendered,
  str,
  violation,
  visible,
} from './shared.js';
import type { Format } from './types.js';

/**
 * The nested envelope: `{ "error": { code, message, details, request_id } }`, with validation
 * violations in `details.fields` as `{ field: "items.0.qty", message, code }`.
 */
export const envelopeFormat: Format = {
  name: 'envelope',
  contentType: 'application/json',
  drops: [
    'title and problem type URI',
    'details that are not a JSON object are nested under `details.value` when fields are present',
    'a details member named `fields` when there are violations (the violations take its place)',
  ],
  render(error, context) {
    const { message, details, fields } = visible(error);
    const inner: JsonObject = { code: error.code, message };
    if (fields !== undefined && fields.length > 0) {
      const list = fields.map((f) =>
        f.code === undefined
          ? { field: dotPath(f.path), message: f.message }
          : { field: dotPath(f.path), message: f.message, code: f.code },
      );
      inner.details = isObject(details)
        ? { ...details, fields: list }
        : details === undefined
          ? { fields: list }
          : { value: details, fields: list };
    } else if (details !== undefined) {
      inner.details = details;
    }
    const requestId = context?.requestId ?? error.requestId;
    if (requestId !== undefined) inner.request_id = requestId;
    if (error.docUrl !== undefined) inner.doc_url = error.docUrl;
    return rendered(error, context, 'application/json', { error: inner });
  },
  parse(input) {
    const body = input.json;
    if (!isObject(body) || !isObject(body.error)) return undefined;
    const e = body.error;
    const code = str(e.code);
    const message = str(e.message);
    if (code === undefined && message === undefined) return undefined;
    let details: unknown = e.details;
    let fields: FieldViolation[] | undefined;
    if (isObject(details) && Array.isArray(details.fields)) {
      fields = [];
      for (const f of details.fields) {
        if (!isObject(f)) continue;
        const v = violation(fromDotted(str(f.field) ?? str(f.path) ?? ''), f.message, f.code);
        if (v) fields.push(v);
      }
      const { fields: _, ...rest } = details;
      details = 'value' in rest && Object.keys(rest).length === 1 ? rest.value : rest;
    }
    return parsedError(input, 'envelope', {
      code,
      message,
      details: nonEmpty(details),
      fields,
      requestId: str(e.request_id) ?? str(e.requestId) ?? str(body.request_id),
      retryAfter: num(e.retry_after) ?? num(e.retryAfter),
      docUrl: str(e.doc_url),
      status: num(e.status),
    });
  },
};
