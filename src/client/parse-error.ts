import type { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { parseErrorBody } from '../parse/index.js';

/** Options of `parseError`. */
export type ParseErrorOptions = {
  /**
   * Bytes of the body that are read; the rest is cancelled unread, so a huge or endless error
   * body costs bounded time and memory.
   * @default 1_048_576
   */
  maxBytes?: number | undefined;
  /** Stops reading the body; `parseError` then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * The API's catalog: codes are matched to its spelling, and its status, retryable and docs
   * apply; its `format`, when it names one, is tried first (so renamed members are read back).
   * @example catalog: vaultCatalog
   */
  catalog?: Catalog | undefined;
};

const DEFAULT_MAX_BYTES = 1_048_576;

/**
 * Turn an error `Response` of any API into an ApiError: reads at most `maxBytes` of the body,
 * then detects the format (errata's eight, other APIs' shapes, HTML, text, nothing). The request
 * id comes from the body or the `X-Request-ID`/`Request-Id` headers; `retryAfter` from the body,
 * `Retry-After` or the rate-limit reset headers. Rejects only when `signal` aborts; a body
 * that stalls forever keeps it waiting unless a `signal` bounds the wait (the client passes one).
 * @example
 * const res = await fetch(url);
 * if (!res.ok) throw await parseError(res);
 */
export async function parseError(
  response: Response,
  options: ParseErrorOptions = {},
): Promise<ApiError> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(max) || max < 0) {
    throw new TypeError(`errata: parseError({ maxBytes }) must be a non-negative integer.`);
  }
  options.signal?.throwIfAborted();
  const { text, truncated } = await readBounded(response, max, options.signal);
  const error = parseErrorBody(
    { status: response.status, headers: response.headers, body: text },
    // A cut body must not look whole: its JSON is not parsed, the text shapes still apply.
    { maxLength: text.length, truncated, format: options.catalog?.format },
  );
  return options.catalog === undefined ? error : options.catalog.normalize(error);
}

type BoundedText = { text: string; truncated: boolean };

/**
 * Read at most `max` bytes of the body. A body that fails mid-stream (connection reset, server
 * gone) yields what arrived: an error response must still become an ApiError.
 */
async function readBounded(
  response: Response,
  max: number,
  signal: AbortSignal | undefined,
): Promise<BoundedText> {
  const body = response.body;
  if (body === null || response.bodyUsed) return { text: '', truncated: false };
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch {
    return { text: '', truncated: false }; // locked by someone else: nothing we may read
  }
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let text = '';
  let received = 0;
  let truncated = false;
  try {
    while (received < max) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        signal?.throwIfAborted();
        truncated = true; // the stream broke: keep what arrived, but never parse it as whole
        break;
      }
      if (chunk.done) break;
      const bytes = chunk.value;
      const room = max - received;
      if (bytes.byteLength > room) {
        text += decoder.decode(bytes.subarray(0, room), { stream: true });
        received = max;
        truncated = true;
        break;
      }
      received += bytes.byteLength;
      text += decoder.decode(bytes, { stream: true });
    }
    if (!truncated && received >= max) {
      // Exactly `max` bytes and no end seen yet. Waiting for the end could hang on a server that
      // stalls, so the body counts as whole only when Content-Length says so.
      truncated = response.headers.get('content-length')?.trim() !== String(received);
    }
    signal?.throwIfAborted();
    text += decoder.decode();
    return { text, truncated };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Whatever is left unread (a 60 MB page, an endless stream) is dropped, freeing the socket.
    reader.cancel().catch(() => {});
  }
}
