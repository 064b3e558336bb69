import type { Context, HonoRequest } from 'hono';
import { setPreferredLocale } from '../preferred-locale.js';

/**
 * Answer this request's errors in the app's choice of language (a signed-in user's saved one)
 * rather than the one its `Accept-Language` negotiates, when the catalog has it (or a broader
 * one: `de-CH` answers in `de`); otherwise `Accept-Language` decides as before. Takes Hono's
 * context `c`, `c.req` or the fetch Request (`c.req.raw`, what `errata.fetch` gets); `undefined`
 * forgets the choice. A response the choice decided carries no `Vary: Accept-Language`. Throws a
 * TypeError for a value that is not a language tag.
 * @example
 * app.use(async (c, next) => {
 *   preferLocale(c, c.get('user')?.locale ?? undefined);
 *   await next();
 * });
 */
export function preferLocale(
  request: Context | HonoRequest | Request,
  locale: string | undefined,
): void {
  const keys: unknown[] = [request];
  if (typeof request === 'object' && request !== null) {
    // Kept under the fetch Request, which every error path of errata/hono knows, and on
    // @hono/node-server under the node request too (a stalled body's 408 knows only that one).
    const context = request as Partial<Context>;
    const honoRequest = (context.req ?? request) as Partial<HonoRequest>;
    if (honoRequest.raw !== undefined) keys.push(honoRequest.raw);
    const incoming = (context.env as { incoming?: unknown } | undefined)?.incoming;
    if (context.req !== undefined && typeof incoming === 'object') keys.push(incoming);
  }
  setPreferredLocale(keys, locale);
}
