// `errata/client/lite`: the client for apps that talk only to errata APIs. The same client
// (retries, budget, timeouts, redirects, bounded bodies), but error bodies are read as errata's
// eight formats (or the catalog's own format) only, else as the status's error: no other vendors'
// shapes, generic recogniser, HTML or text reading, so it bundles far smaller.
import type { ApiError } from '../api-error.js';
import { ClientCore } from './client-core.js';
import type { ClientOptions } from './client-options.js';
import { parseErrataBody } from './errata-body.js';
import { type ParseErrorOptions, readError } from './read-error.js';

export { ApiError, type ApiErrorInit, isApiError } from '../api-error.js';
export type { FetchLike } from './attempt.js';
export {
  RetryBudget,
  type RetryBudgetOptions,
  type RetryReason,
  type RetryToken,
} from './budget.js';
export type { ClientOptions, JsonRequestOptions, RequestOptions } from './client-options.js';
export { classifyFetchError, type NetworkErrorKind, networkError } from './network-error.js';
export type { ParseErrorOptions } from './read-error.js';
export type { RedirectPolicy } from './redirect.js';
export type { ClientResponse } from './replayed.js';
export type { ResponseErrorCode } from './response-error.js';
export type { RetryEvent, RetryOptions } from './retry-options.js';

/**
 * Turn an error `Response` of an errata API into an ApiError: reads at most `maxBytes` of the
 * body, then reads it as one of errata's eight formats (the catalog's `format` first); any other
 * body gives the status's error. `locale` as `errata/client` reads it (`LocalizedMessage`, else
 * `Content-Language`). Rejects only when `signal` aborts.
 * @example
 * const res = await fetch(url);
 * if (!res.ok) throw await parseError(res);
 */
export function parseError(response: Response, options: ParseErrorOptions = {}): Promise<ApiError> {
  return readError(response, options, parseErrataBody);
}

/**
 * `errata/client`'s Client with the lite parser: error bodies are read as errata's formats only.
 * @example
 * const client = createClient({ baseUrl: 'https://vault.example.com' });
 * client instanceof Client; // true
 */
export class Client<
  D extends Record<string, unknown> = Record<string, unknown>,
> extends ClientCore<D> {
  constructor(options: ClientOptions<D>) {
    super(options, parseError);
  }
}

/**
 * Create a lite client for one errata API.
 * @example
 * const client = createClient({ baseUrl: 'https://vault.example.com', catalog: vaultCatalog });
 * try {
 *   await client.get('/v1/secrets/db');
 * } catch (e) {
 *   if (client.is(e, 'secret_not_found')) console.log(e.details?.name);
 * }
 */
export function createClient<D extends Record<string, unknown> = Record<string, unknown>>(
  options: ClientOptions<D>,
): Client<D> {
  return new Client(options);
}
