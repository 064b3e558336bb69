import { ClientCore } from './client-core.js';
import type { ClientOptions } from './client-options.js';
import { parseError } from './parse-error.js';

export type { FetchLike } from './attempt.js';
export type { ClientOptions, JsonRequestOptions, RequestOptions } from './client-options.js';

/**
 * A fetch wrapper for one API: error responses and network failures reject with an ApiError
 * (after the retries the policy allows), typed by the API's catalog. Made by `createClient`.
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
 * Create a client for one API.
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
