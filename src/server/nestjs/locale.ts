import type { IncomingMessage } from 'node:http';
import { setPreferredLocale } from '../preferred-locale.js';
import { rawRequestOf } from './request.js';

/**
 * Answer this request's errors in the app's choice of language (a signed-in user's saved one)
 * rather than the one its `Accept-Language` negotiates, when the catalog has it (or a broader
 * one: `de-CH` answers in `de`); otherwise `Accept-Language` decides as before. Takes the
 * request Nest hands guards, interceptors and `@Req()` on either platform (Express's `req`,
 * Fastify's `FastifyRequest`) or the node request under it; `undefined` forgets the choice. A
 * response the choice decided carries no `Vary: Accept-Language`. Throws a TypeError for a value
 * that is not a language tag.
 * @example
 * @Injectable()
 * class UserLocaleGuard implements CanActivate {
 *   canActivate(context: ExecutionContext) {
 *     const req = context.switchToHttp().getRequest();
 *     preferLocale(req, req.user?.locale ?? undefined);
 *     return true;
 *   }
 * }
 */
export function preferLocale(request: object | IncomingMessage, locale: string | undefined): void {
  // Kept on the node request, where the filter (and the server, for a stalled body's 408) looks.
  const keys: unknown[] = [request];
  if (typeof request === 'object' && request !== null) keys.push(rawRequestOf(request));
  setPreferredLocale(keys, locale);
}
