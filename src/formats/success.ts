import {
  dotPath,
  fromDotted,
  isObject,
  type JsonObject,
  num,
  parsedError,
  rendered,
  retryAfterOf,
  str,
  visible,
} from './shared.js';
import type { Format } from './types.js';

/**
 * `{ "success": false, "error": { code, message, field? }, "meta": { requestId, timestamp } }`,
 * with `retryAfter` in `error` on 429.
 */
export const successFormat: Format = {
  name: 'success',
  contentType: 'application/json',
  drops: [
    'details',
    'every violation but the first (only one `field` is named)',
    "the overall message when there are violations (the first violation's message is sent)",
    'violation codes',
    'title and problem type URI',
  ],
  render(error, context) {
    const { message, fields } = visible(error);
    const first = fields?.[0];
    const inner: JsonObject = { code: error.code, message: first?.message ?? message };
    if (first !== undefined && first.path.length > 0) inner.field = dotPath(first.path);
    if (error.status === 429) {
      const retryAfter = retryAfterOf(error, context);
      if (retryAfter !== undefined) inner.retryAfter = retryAfter;
    }
    const meta: JsonObject = {};
    const requestId = context?.requestId ?? error.requestId;
    if (requestId !== undefined) meta.requestId = requestId;
    meta.timestamp = context?.timestamp ?? new Date().toISOString();
    return rendered(error, context, 'application/json', { success: false, error: inner, meta });
  },
  parse(input) {
    const body = input.json;
    if (!isObject(body) || body.success !== false) return undefined;
    const e = isObject(body.error) ? body.error : {};
    const meta = isObject(body.meta) ? body.meta : {};
    const message = str(e.message) ?? str(body.error) ?? str(body.message);
    const field = str(e.field);
    return parsedError(input, 'success', {
      code: str(e.code),
      message,
      fields:
        field !== undefined && message !== undefined
          ? [{ path: fromDotted(field), message }]
          : undefined,
      requestId: str(meta.requestId) ?? str(meta.request_id),
      retryAfter: num(e.retryAfter),
    });
  },
};
