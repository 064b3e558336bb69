import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { setPreferredLocale } from '../preferred-locale.js';

/**
 * Answer this request's errors in the app's choice of language (a signed-in user's saved one)
 * rather than the one its `Accept-Language` negotiates, when the catalog has it (or a broader
 * one: `de-CH` answers in `de`); otherwise `Accept-Language` decides as before. Takes Fastify's
 * `request` or the node request under it (`request.raw`); `undefined` forgets the choice. A
 * response the choice decided carries no `Vary: Accept-Language`. Throws a TypeError for a
 * value that is not a language tag.
 * @example
 * app.addHook('preHandler', async (request) => {
 *   preferLocale(request, request.user?.locale ?? undefined);
 * });
 */
export function preferLocale(
  request: FastifyRequest | IncomingMessage,
  locale: string | undefined,
): void {
  // Kept on the node request too: the server (a stalled body's 408) only knows that one.
  const raw =
    typeof request === 'object' && request !== null
      ? (request as Partial<FastifyRequest>).raw
      : undefined;
  setPreferredLocale(raw === undefined ? [request] : [raw, request], locale);
}
