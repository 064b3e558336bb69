import type { ParameterizedContext } from 'koa';
import type { Settings } from '../settings.js';
import { assignRequestId } from './request-id.js';
import { answerFailure, infoOf, reportLate } from './respond.js';
import type { KoaMiddleware } from './types.js';

/** A Node stream body (what Koa pipes to the response), told by shape as Koa does. */
type StreamBody = { pipe: unknown; once(event: 'error', listener: (error: unknown) => void): void };

function isStream(body: unknown): body is StreamBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { pipe?: unknown }).pipe === 'function' &&
    typeof (body as { once?: unknown }).once === 'function'
  );
}

/** A body Koa would `JSON.stringify` when it responds (not a string, Buffer, stream or Blob). */
function isJsonBody(body: unknown): boolean {
  if (body === null || body === undefined || typeof body === 'string') return false;
  if (typeof body !== 'object') {
    return typeof body === 'number' || typeof body === 'boolean' || typeof body === 'bigint';
  }
  if (Buffer.isBuffer(body) || isStream(body)) return false;
  return !(
    body instanceof ReadableStream ||
    body instanceof Blob ||
    body instanceof Response ||
    ArrayBuffer.isView(body)
  );
}

/**
 * After the handlers: serialize a JSON body now (Koa would do it after every middleware
 * returned, where a BigInt or a cycle becomes its own text/plain 500 without a request id), and
 * have a stream body that fails mid-way reported with the request id (Koa cuts the response).
 */
function settleBody(settings: Settings, ctx: ParameterizedContext, requestId: string): void {
  // A handler that took the response over wrote it itself: nothing of Koa's is left to send.
  if (ctx.respond === false) return;
  const body: unknown = ctx.body;
  if (isStream(body)) {
    body.once('error', (error) => reportLate(settings, error, infoOf(ctx, requestId), ctx.req));
    return;
  }
  if (!isJsonBody(body)) return;
  const text = JSON.stringify(body);
  // `undefined` (a function body): left for Koa, which sends it as it always does.
  if (text !== undefined) ctx.body = text;
}

/**
 * `errata.middleware`: the request id, the body check after the handlers, and the answer for
 * everything thrown downstream.
 * @example app.use(errataMiddleware(settingsOf({ catalog })));
 */
export function errataMiddleware(settings: Settings): KoaMiddleware {
  return async function errataMiddleware(ctx, next) {
    const requestId = assignRequestId(settings, ctx);
    try {
      await next();
      settleBody(settings, ctx, requestId);
    } catch (error) {
      answerFailure(settings, ctx, error, requestId);
    }
  };
}
