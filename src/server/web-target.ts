/**
 * Request targets of fetch `Request`s (full URLs) and the headers a request id goes out under:
 * shared by the fetch-standard adapters (errata/hono, errata/fetch). No Node built-ins.
 */

/**
 * The request target (path and query) of a full request URL.
 * @example targetOf('https://api.example.com/v1/items?x=1') // '/v1/items?x=1'
 */
export function targetOf(url: string): string {
  const scheme = url.indexOf('://');
  const slash = url.indexOf('/', scheme === -1 ? 0 : scheme + 3);
  return slash === -1 ? '/' : url.slice(slash);
}

/**
 * The path of a request target, still percent-encoded.
 * @example pathOf('/v1/items?x=1') // '/v1/items'
 */
export function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/**
 * The headers a request id goes out under: the configured one, and `x-request-id` as well when
 * it is another (clients and proxies look there). Computed once per app.
 * @example idHeaderNames('x-trace-id') // ['x-trace-id', 'x-request-id']
 */
export function idHeaderNames(header: string): readonly string[] {
  return header === 'x-request-id' ? [header] : [header, 'x-request-id'];
}
