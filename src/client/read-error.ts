// Reading an error response, shared by `parseError` (the full recogniser) and the lite entry's
// (errata's formats only): each passes its body parser, so neither bundles the other's.
import type { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import type { Format, FormatName, ParseInput } from '../formats/types.js';

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

/**
 * What a body parser gets besides the response: the bound it read to, and the API's format.
 * @example const options: BodyOptions = { maxLength: text.length, truncated: false, format: undefined };
 */
export type BodyOptions = {
  maxLength: number;
  truncated: boolean;
  format: FormatName | Format | undefined;
};

/**
 * A body parser: `parseErrorBody`, or the lite entry's errata-formats-only one.
 * @example const parseBody: BodyParser = parseErrorBody;
 */
export type BodyParser = (input: ParseInput, options: BodyOptions) => ApiError;

const DEFAULT_MAX_BYTES = 1_048_576;

/**
 * Read at most `options.maxBytes` of an error response and parse it with `parseBody`; the
 * catalog, when given, normalizes the result. Rejects only when `signal` aborts.
 * @example const error = await readError(response, { maxBytes: 4096 }, parseErrorBody);
 */
export async function readError(
  response: Response,
  options: ParseErrorOptions,
  parseBody: BodyParser,
): Promise<ApiError> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(max) || max < 0) {
    throw new TypeError(`errata: parseError({ maxBytes }) must be a non-negative integer.`);
  }
  options.signal?.throwIfAborted();
  const { text, truncated } = await readBounded(response, max, options.signal);
  const error = parseBody(
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
