import { ApiError } from '../api-error.js';

/** Statuses that never carry a body. */
const NO_BODY = new Set([204, 205, 304]);

/**
 * The JSON of a successful response, `undefined` when it has none (204, or an empty body).
 * A body that is not JSON rejects with a 502 `invalid_response` ApiError: the server broke
 * the contract, and callers catching ApiErrors must still see it.
 */
export async function readJson<T>(response: Response): Promise<T> {
  if (NO_BODY.has(response.status)) {
    await response.body?.cancel().catch(() => {});
    return undefined as T;
  }
  const text = await response.text();
  if (text.trim() === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new ApiError({
      status: 502,
      code: 'invalid_response',
      title: 'Invalid response',
      message: `The ${response.status} response body is not valid JSON.`,
      retryable: false,
      expose: true,
      format: 'network',
      raw: text.length > 1024 ? text.slice(0, 1024) : text,
      cause,
    });
  }
}
