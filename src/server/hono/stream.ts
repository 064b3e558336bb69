/**
 * A streamed Hono response whose failure is visible: `hono/streaming`'s StreamingApi, but an
 * error thrown while writing errors the body stream (the client sees a cut transfer, never a
 * clean end) after being handed to `report`. No Node built-ins.
 */
import type { Context } from 'hono';
import { StreamingApi } from 'hono/utils/stream';

/** What the body stream errors with: a message of errata's, since a server may print or send it. */
const STREAM_FAILED_MESSAGE =
  'errata: a streamed response failed after it started; the error went to onError.';

/** Start `write` on a new StreamingApi and answer with its readable side. Never throws. */
export function reportingStream(
  c: Context,
  write: (stream: StreamingApi) => Promise<void>,
  report: (error: unknown) => void,
): Response {
  let control: TransformStreamDefaultController<Uint8Array> | undefined;
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      control = controller;
    },
  });
  const api = new StreamingApi(writable, readable);
  const run = async () => {
    try {
      await write(api);
    } catch (error) {
      report(error);
      try {
        control?.error(new Error(STREAM_FAILED_MESSAGE));
      } catch {
        // already closed or cancelled by the client
      }
      return;
    }
    await api.close();
  };
  run().catch(() => {
    // Unreachable: run catches everything; a rejection must never escape.
  });
  return c.newResponse(api.responseReadable);
}
