import type { IncomingMessage } from 'node:http';
import { setPreferredLocale } from '../preferred-locale.js';
import type { Context } from './handler.js';

/**
 * Answer this request's errors in the app's choice of language (a signed-in user's saved one)
 * rather than the one its `Accept-Language` negotiates, when the catalog has it (or a broader
 * one: `de-CH` answers in `de`); otherwise `Accept-Language` decides as before. Takes the handler's
 * `ctx` or the node request (`ctx.req`, or `req` in a listener around the app); `undefined`
 * forgets the choice. A response the choice decided carries no `Vary: Accept-Language`. Throws a
 * TypeError for a value that is not a language tag.
 * @example
 * app.route('/v1/secrets/:name', {
 *   GET(ctx) {
 *     preferLocale(ctx, users.current(ctx.req)?.locale ?? undefined);
 *     return read(ctx.params.name); // a thrown catalog error now renders in that language
 *   },
 * });
 */
export function preferLocale(request: IncomingMessage | Context, locale: string | undefined): void {
  // The node request is where errata looks, here and on the server (a stalled body's 408).
  const req = isObject(request) ? (request as Partial<Context>).req : undefined;
  setPreferredLocale(req === undefined ? [request] : [req, request], locale);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
