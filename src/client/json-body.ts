import { responseError } from './response-error.js';

/** Statuses that never carry a body. */
const NO_BODY = new Set([204, 205, 304]);

/** Default bound of a success body read by the JSON helpers: 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The JSON of a successful response, `undefined` when it has none (204, or an empty body).
 * A body that is not JSON rejects with a 502 `invalid_response` ApiError, one longer than
 * `maxBytes` with a 502 `response_too_large` (read no further than the bound, and not at all
 * when Content-Length announces more): the server broke the contract, and callers catching
 * ApiErrors must still see it.
 */
export async function readJson<T>(response: Response, maxBytes: number): Promise<T> {
  if (NO_BODY.has(response.status)) {
    await response.body?.cancel().catch(() => {});
    return undefined as T;
  }
  const text = await readText(response, maxBytes);
  if (text.trim() === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw responseError('invalid_response', {
      message: `The ${response.status} response body is not valid JSON.`,
      raw: text.length > 1024 ? text.slice(0, 1024) : text,
      cause,
    });
  }
}

function tooLarge(maxBytes: number): never {
  throw responseError('response_too_large', {
    message: `The response body is larger than ${maxBytes} bytes (maxBodyBytes).`,
    details: { maxBodyBytes: maxBytes },
  });
}

/** The body as UTF-8 text, counting bytes as they arrive and cancelling past `maxBytes`. */
async function readText(response: Response, maxBytes: number): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  // An announced size over the bound needs no reading at all. (A lie the other way, a small
  // Content-Length and more bytes, is cut by the running count below or by fetch itself.)
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(announced) && announced > maxBytes) {
    await body.cancel().catch(() => {});
    tooLarge(maxBytes);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      // Checked before keeping the chunk: nothing past the bound is held, and the stream is
      // cancelled (in `finally`) so the socket stops pulling more.
      if (received > maxBytes) tooLarge(maxBytes);
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  // Like Response.text(): UTF-8, a BOM dropped, bad sequences replaced.
  return new TextDecoder().decode(bytes);
}
