import type { IncomingMessage } from 'node:http';
import type { ParameterizedContext, Request } from 'koa';
import { setPreferredLocale } from '../preferred-locale.js';

/**
 * Answer this request's errors in the app's choice of language (a signed-in user's saved one)
 * rather than the one its `Accept-Language` negotiates, when the catalog has it (or a broader
 * one: `de-CH` answers in `de`); otherwise `Accept-Language` decides as before. Takes Koa's
 * `ctx`, `ctx.request` or the node request (`ctx.req`); `undefined` forgets the choice. A
 * response the choice decided carries no `Vary: Accept-Language`. Throws a TypeError for a
 * value that is not a language tag.
 * @example
 * app.use(async (ctx, next) => {
 *   preferLocale(ctx, ctx.state.user?.locale ?? undefined);
 *   await next();
 * });
 */
export function preferLocale(
  request: ParameterizedContext | Request | IncomingMessage,
  locale: string | undefined,
): void {
  // Kept on the node request (what ctx and ctx.request both hold): the server (a stalled body's
  // 408) only knows that one.
  const req =
    typeof request === 'object' && request !== null
      ? (request as { req?: IncomingMessage }).req
      : undefined;
  setPreferredLocale(req === undefined ? [request] : [req, request], locale);
}
