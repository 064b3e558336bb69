/**
 * What the rate-limit middleware of every adapter (node, Express, Fastify, Hono) shares: its
 * options and the one step from a request to the limiter's decision. No Node built-ins and no
 * framework at runtime, so the Hono middleware can use it on any runtime. The limiting itself
 * is `createRateLimiter`'s; this only picks the key, category and cost of a request.
 */
import { ceilingPolicies, checkCeiling } from './ceiling.js';
import {
  createIpKeyGenerator,
  createKeyGenerator,
  type KeyRequest,
  type TrustProxy,
} from './keys.js';
import type { PoliciesInput, RateLimitDecision, RateLimiter } from './limiter.js';
import { normalizePolicies } from './policy.js';
import type { Policy } from './types.js';

/**
 * Options of `rateLimit` (errata/node), `rateLimitExpress`, `rateLimitFastify` and
 * `rateLimitHono`; `R` is the framework's request (or Hono's context).
 */
export type RateLimitMiddlewareOptions<R> = {
  /**
   * The whole client key of a request, replacing the default (`by`, else the client IP). Keys of
   * other limiters sharing a store should differ (see the limiter's `prefix`).
   * @example key: (req) => `tenant:${tenantOf(req)}`
   */
  key?: ((request: R) => string | Promise<string>) | undefined;
  /**
   * The client's verified identity (API key, principal) when it has one: the key is then
   * `id:<value>`; without one (undefined, null or ''), `ip:<client address>`. Return only an
   * identity the app has checked (an API key found in its key store, a verified token's
   * subject), never a raw header: a client sending a new `X-API-Key` per request would
   * otherwise be a new client each time. `ipCeiling` bounds such a client per IP anyway.
   * @example by: (req) => { const key = req.get('x-api-key'); return key !== undefined && apiKeys.has(key) ? key : undefined }
   */
  by?: ((request: R) => string | readonly string[] | null | undefined) | undefined;
  /**
   * Policies counted per client IP beside each identity's (same cost, checked first: refused
   * there, the identity is not counted), so that invented identities from one address still
   * meet a limit. The headers report the tightest of both. Requests `by` gives no identity are
   * limited on their IP already and skip it. `false` switches it off: do that only when `by`
   * returns identities a client cannot make up. With `key`, it applies to every request when given.
   * @default with `by`: the request's policies ten times looser, named `<name>.ip`
   * (`"api";q=100;w=60` beside `"api.ip";q=1000;w=60`); with `key` only: none
   * @example ipCeiling: '"per-ip";q=1000;w=60'
   * @example ipCeiling: false
   */
  ipCeiling?: PoliciesInput | false | undefined;
  /**
   * Which proxies to believe about the client address (`X-Forwarded-For`): a number of hops or
   * trusted ranges. @default 0: the socket's peer is the client
   */
  trustProxy?: TrustProxy | undefined;
  /** IPv6 clients in one prefix share a key. @default 56 */
  ipv6Prefix?: number | undefined;
  /** IPv4 clients in one prefix share a key. @default 32 */
  ipv4Prefix?: number | undefined;
  /**
   * The limiter category (route group) of the requests: a name of the limiter's `categories`,
   * or a function of the request (undefined: the default policies).
   * @default the limiter's default policies
   */
  category?: string | ((request: R) => string | undefined) | undefined;
  /**
   * Units a request spends: a non-negative integer or a function of the request.
   * @default 1
   */
  cost?: number | ((request: R) => number) | undefined;
  /**
   * Requests that are not limited at all: no check, no store access, no rate-limit headers
   * (health checks, internal callers).
   * @example skip: (req) => req.url === '/healthz'
   */
  skip?: ((request: R) => boolean) | undefined;
};

/**
 * A request's decision: `decide(request, view)` with the request's `{ remoteAddress, headers }`;
 * undefined when `skip` exempts the request.
 */
export type Decide<R> = (
  request: R,
  view: () => KeyRequest,
) => Promise<RateLimitDecision | undefined>;

/**
 * Check the options now (a wrong category, cost or key option throws at start-up) and return
 * the function that asks the limiter about one request.
 */
export function decider<R>(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<R> = {},
  where = 'rateLimit',
): Decide<R> {
  if (
    typeof limiter !== 'object' ||
    limiter === null ||
    typeof (limiter as { check?: unknown }).check !== 'function'
  ) {
    throw new TypeError(`errata: ${where}() needs a limiter made by createRateLimiter().`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`errata: ${where}() options must be an object.`);
  }
  const { key, by, category, cost, skip } = options;
  for (const [name, value] of [
    ['key', key],
    ['by', by],
    ['skip', skip],
  ] as const) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`errata: ${where}({ ${name} }) must be a function of the request.`);
    }
  }
  if (typeof category === 'string' && limiter.categories[category] === undefined) {
    const known = Object.keys(limiter.categories).join(', ') || 'none';
    throw new TypeError(
      `errata: ${where}({ category }): the limiter has no category ${JSON.stringify(category)}; known: ${known}.`,
    );
  }
  if (category !== undefined && typeof category !== 'string' && typeof category !== 'function') {
    throw new TypeError(`errata: ${where}({ category }) must be a string or a function.`);
  }
  if (typeof cost === 'number' && (!Number.isSafeInteger(cost) || cost < 0)) {
    throw new TypeError(
      `errata: ${where}({ cost }) must be a non-negative integer; got ${String(cost)}.`,
    );
  }
  if (cost !== undefined && typeof cost !== 'number' && typeof cost !== 'function') {
    throw new TypeError(`errata: ${where}({ cost }) must be a number or a function.`);
  }

  const ceilingFor = ceilings(limiter, options, where);
  const ipKeyOf = ceilingFor === undefined ? undefined : createIpKeyGenerator(options);

  // The request rides along with its view, so `by` reads the framework's request.
  type View = KeyRequest & { readonly request: R };
  const generate =
    key === undefined
      ? createKeyGenerator<View>({
          by: by === undefined ? undefined : (view) => by(view.request),
          trustProxy: options.trustProxy,
          ipv6Prefix: options.ipv6Prefix,
          ipv4Prefix: options.ipv4Prefix,
        })
      : undefined;

  return async (request, view) => {
    if (skip?.(request) === true) return undefined;
    let clientKey: string;
    let seen: KeyRequest | undefined;
    if (generate === undefined) clientKey = await (key as NonNullable<typeof key>)(request);
    else {
      const { remoteAddress, headers } = view();
      seen = { remoteAddress, headers };
      clientKey = generate({ remoteAddress, headers, request });
    }
    const requestCategory = typeof category === 'function' ? category(request) : category;
    // Only identities need the ceiling: an IP key is limited on the IP already.
    const ceiling =
      ipKeyOf === undefined || clientKey.startsWith('ip:')
        ? undefined
        : { key: ipKeyOf(seen ?? view()), policies: ceilingFor?.(requestCategory) as Policy[] };
    return limiter.check({
      key: clientKey,
      category: requestCategory,
      cost: typeof cost === 'function' ? cost(request) : cost,
      ceiling,
    });
  };
}

/**
 * The ceiling's policies for a request's category, or undefined when there is none (switched
 * off, or neither `by` nor an explicit `ipCeiling`). Built and checked against the limiter's
 * policies now, so a clash fails at start-up; one array per category, reused on every check.
 */
function ceilings<R>(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<R>,
  where: string,
): ((category: string | undefined) => Policy[] | undefined) | undefined {
  const option = options.ipCeiling;
  if (option === false) return undefined;
  if (option !== undefined && typeof option !== 'string' && !Array.isArray(option)) {
    throw new TypeError(`errata: ${where}({ ipCeiling }) must be policies or false.`);
  }
  const names = [...limiter.policies, ...Object.values(limiter.categories).flat()];
  if (option !== undefined) {
    const explicit = normalizePolicies(option);
    checkCeiling(explicit, names);
    return () => explicit;
  }
  if (options.by === undefined || options.key !== undefined) return undefined;
  const byCategory = new Map<string | undefined, Policy[]>();
  for (const name of [undefined, ...Object.keys(limiter.categories)]) {
    const own = name === undefined ? limiter.policies : (limiter.categories[name] ?? []);
    const derived = ceilingPolicies(own);
    checkCeiling(derived, [...names, ...[...byCategory.values()].flat()]);
    byCategory.set(name, derived);
  }
  return (category) => byCategory.get(category);
}
