/**
 * Recording a fetch `Response` for the Idempotency-Key store as it goes to the client: shared by
 * the Hono and fetch adapters. Web-standard only.
 */
import type { Run } from './idempotency.js';
import { storableHeaders } from './stored-headers.js';
import type { StoredResponse } from './types.js';

type Read = ReadableStreamReadResult<Uint8Array>;

/** What is kept of a response for the store while its body is read. */
type Recording = {
  readonly run: Run;
  readonly head: Omit<StoredResponse, 'body'>;
  /** Its `Content-Length`, if it declared one. */
  readonly declared: number | undefined;
  /** The body so far; undefined once stored or given up. */
  chunks: Uint8Array[] | undefined;
  size: number;
};

/**
 * An empty body.
 * @example engine.begin(request, EMPTY)
 */
export const EMPTY = new Uint8Array(0);
const STALLED = Symbol('stalled');
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A body for `new Response`: none for the statuses that cannot have one.
 * @example new Response(bodyOf(204, EMPTY), { status: 204 })
 */
export function bodyOf(status: number, bytes: Uint8Array): Uint8Array<ArrayBuffer> | null {
  return bytes.byteLength === 0 && NULL_BODY.has(status)
    ? null
    : (bytes as Uint8Array<ArrayBuffer>);
}

/**
 * The read, or STALLED when it has not come by the next macrotask: the body is a stream still
 * being produced (SSE, a long download), so it must flow to the client rather than be awaited.
 */
function soon(read: Promise<Read>): Promise<Read | typeof STALLED> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<typeof STALLED>((resolve) => {
    timer = setTimeout(resolve, 0, STALLED);
  });
  return Promise.race([read, stalled]).finally(() => clearTimeout(timer));
}

function record(rec: Recording, chunk: Uint8Array): void {
  if (rec.chunks === undefined) return;
  rec.size += chunk.byteLength;
  if (rec.size <= rec.run.maxResponseBytes) {
    rec.chunks.push(chunk);
    return;
  }
  // Too large to store: the key stays claimed until its lease ends; the body still flows.
  rec.chunks = undefined;
  void rec.run.finish(undefined);
}

/** Store the recorded body (once): it is whole. */
async function store(rec: Recording): Promise<void> {
  const chunks = rec.chunks;
  if (chunks === undefined) return;
  rec.chunks = undefined;
  await rec.run.finish({ ...rec.head, body: concat(chunks, rec.size) });
}

/**
 * The rest of a body that did not arrive at once, recorded as it flows to the client and stored
 * before its end does (before the last declared byte, or before the close that ends a chunked
 * body): a retry arriving right after the answer finds it. A body that fails or that the client
 * cancels releases the key.
 */
function flowing(
  rec: Recording,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  read: Promise<Read> | undefined,
  prefix: readonly Uint8Array[],
): ReadableStream<Uint8Array> {
  let pending = read;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      if (rec.declared === rec.size) await store(rec);
      for (const chunk of prefix) controller.enqueue(chunk);
    },
    async pull(controller) {
      let result: Read;
      try {
        result = await (pending ?? reader.read());
      } catch (error) {
        void rec.run.abandon();
        controller.error(error);
        return;
      } finally {
        pending = undefined;
      }
      if (result.done) {
        await store(rec);
        controller.close();
        return;
      }
      record(rec, result.value);
      if (rec.declared === rec.size) await store(rec);
      controller.enqueue(result.value);
    },
    cancel(reason) {
      void rec.run.abandon();
      return reader.cancel(reason);
    },
  });
}

/** The response again with another body: its status, status text and headers. */
function fresh(res: Response, body: ReadableStream<Uint8Array> | Uint8Array | null): Response {
  return new Response(body as BodyInit | null, res);
}

/**
 * Store a handler's answer (errata's error response when it threw) and return the response to
 * send in its place. A body that arrives at once (JSON, text, errata's errors) is read whole,
 * stored, and sent as the same bytes; one still streaming goes out as it comes (see `flowing`).
 * @example return captureResponse(await next(), begun.run, 'x-request-id');
 */
export async function captureResponse(
  res: Response,
  run: Run,
  idHeader: string,
): Promise<Response> {
  const headers = storableHeaders(Object.fromEntries(res.headers), idHeader);
  const head = { status: res.status, headers };
  const length = res.headers.get('content-length');
  const declared = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  if (declared !== undefined && declared > run.maxResponseBytes) {
    await run.finish(undefined);
    return res;
  }
  if (res.body === null) {
    await run.finish({ ...head, body: EMPTY });
    return res;
  }
  const rec: Recording = { run, head, declared, chunks: [], size: 0 };
  const reader = res.body.getReader();
  const prefix: Uint8Array[] = [];
  let read: Promise<Read> | undefined;
  for (;;) {
    read = reader.read();
    let result: Read | typeof STALLED;
    try {
      result = await soon(read);
    } catch {
      break; // the body failed: `flowing` fails it the same way, and releases the key
    }
    if (result === STALLED) break;
    read = undefined;
    if (result.done) {
      const bytes = concat(prefix, rec.size);
      rec.chunks = undefined;
      await run.finish({ ...head, body: bytes });
      return fresh(res, bodyOf(res.status, bytes));
    }
    prefix.push(result.value);
    record(rec, result.value);
    if (rec.chunks === undefined) break; // over maxResponseBytes: the rest streams through
  }
  return fresh(res, flowing(rec, reader, read, prefix));
}
