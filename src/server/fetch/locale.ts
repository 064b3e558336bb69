import { setPreferredLocale } from '../preferred-locale.js';
import { FetchRequestContext, ORIGINAL_REQUEST } from './context.js';
import type { FetchContext } from './handler.js';

/**
 * Answer this request's errors in the app's choice of language (a signed-in user's saved one)
 * rather than the one its `Accept-Language` negotiates, when the catalog has it (or a broader
 * one: `de-CH` answers in `de`); otherwise `Accept-Language` decides as before. Takes the
 * handler's `ctx`, `ctx.request`, or the Request before it reaches `app.fetch` (a wrapper that
 * authenticates); `undefined` forgets the choice. On Node through srvx the choice reaches the
 * answers `attachServer` gives too (a stalled body's 408). A response the choice decided carries no
 * `Vary: Accept-Language`. Throws a TypeError for a value that is not a language tag.
 * @example
 * app.route('/v1/secrets/:name', {
 *   GET(ctx) {
 *     preferLocale(ctx, users.current(ctx.request)?.locale ?? undefined);
 *     return { body: store.read(ctx.params.name) }; // a thrown catalog error now renders in it
 *   },
 * });
 */
export function preferLocale(request: Request | FetchContext, locale: string | undefined): void {
  const keys: unknown[] = [request];
  // Kept under the Request the runtime handed errata: every error path renders from that one.
  let original: unknown;
  if (request instanceof FetchRequestContext) original = request.originalRequest;
  else if (typeof request === 'object' && request !== null) {
    original = (request as { [ORIGINAL_REQUEST]?: Request })[ORIGINAL_REQUEST];
  }
  if (original !== undefined) keys.push(original);
  // On Node through srvx, under the node request too: `attachServer` answers a stalled body's
  // 408 from that one (read by shape: no Node built-ins here).
  const node = nodeRequestOf(original ?? request);
  if (node !== undefined) keys.push(node);
  setPreferredLocale(keys, locale);
}

/** The node:http request srvx's Request carries (`request.runtime.node.req`), if any. */
function nodeRequestOf(request: unknown): object | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  try {
    const node = (request as { runtime?: { node?: { req?: unknown } } }).runtime?.node?.req;
    return typeof node === 'object' && node !== null ? node : undefined;
  } catch {
    return undefined;
  }
}
