import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { setPreferredLocale } from '../preferred-locale.js';

/**
 * Answer this request's errors in the app's choice of language (a signed-in user's saved one)
 * rather than the one its `Accept-Language` negotiates, when the catalog has it (or a broader
 * one: `de-CH` answers in `de`); otherwise `Accept-Language` decides as before. `undefined`
 * forgets the choice. A response the choice decided carries no `Vary: Accept-Language`. Throws a
 * TypeError for a value that is not a language tag.
 * @example
 * app.use((req, _res, next) => {
 *   preferLocale(req, sessions.get(req)?.user.locale ?? undefined);
 *   next();
 * });
 */
export function preferLocale(req: Request | IncomingMessage, locale: string | undefined): void {
  // Express's req is the node request: the server (a stalled body's 408) finds it there too.
  setPreferredLocale([req], locale);
}
