import { baseCatalog } from '../catalog.js';
import type { Catalog } from '../catalog-types.js';
import { ceilingRequests, mergeResults } from './ceiling.js';
import { StoreDeadlines } from './deadlines.js';
import { decisionMaker } from './decide.js';
import { RateLimitConfigError } from './errors.js';
import { boundKey } from './keys.js';
import type {
  CheckInput,
  DecisionSource,
  RateLimitDecision,
  RateLimiter,
  RateLimiterOptions,
} from './limiter-types.js';
import { normalizePolicies, samePolicy } from './policy.js';
import { MemoryStore } from './stores/memory.js';
import type { CheckRequest, CheckResult, Policy, RateLimitStore } from './types.js';

export type { Ceiling } from './ceiling.js';
export type {
  CheckInput,
  DecisionSource,
  PoliciesInput,
  RateLimitDecision,
  RateLimiter,
  RateLimiterOptions,
  StoreFailurePolicy,
} from './limiter-types.js';

const POLICIES = ['open', 'closed', 'insurance'];

function option(value: number | undefined, fallback: number, what: string, min: number): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new RateLimitConfigError('ERR_OPTION', `${what} must be an integer ≥ ${min}; got ${n}.`);
  }
  return n;
}

/** Refuse a catalog that cannot answer the limiter's refusals (a role switched off, no fallback). */
function checkRoles(catalog: Catalog, policies: readonly Policy[]): void {
  for (const kind of ['rate', 'quota'] as const) {
    const role = kind === 'rate' ? 'rate_limited' : 'quota_exceeded';
    if (policies.some((p) => p.kind === kind) && catalog.roleCode(role) === undefined) {
      throw new RateLimitConfigError(
        'ERR_CATALOG_ROLE',
        `the catalog switched '${role}' off${kind === 'quota' ? " and 'rate_limited'" : ''}, so it cannot answer a refused ${kind} policy; keep the role or map it to a 429 code of yours.`,
      );
    }
  }
}

/**
 * A framework-free rate limiter: adapters call `check` once per request and send the headers,
 * or the error when refused.
 * @example
 * const limiter = createRateLimiter({ policies: '"burst";q=100;w=60, "daily";q=10000;w=86400;quota' });
 * const { allowed, headers, error } = await limiter.check({ key: 'ip:203.0.113.7' });
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (typeof options !== 'object' || options === null) {
    throw new RateLimitConfigError('ERR_OPTION', 'createRateLimiter expects an options object.');
  }
  const defaults = normalizePolicies(options.policies);
  const categories: Record<string, readonly Policy[]> = Object.create(null);
  // Requests carry unfrozen arrays (V8's optimized code reads a frozen array's elements through
  // a slow stub, three times per check); `policies` and `categories` hand out frozen copies.
  const categoryLists = new Map<string, readonly Policy[]>();
  const byName = new Map<string, Policy>();
  const register = (list: readonly Policy[], where: string) => {
    for (const p of list) {
      const other = byName.get(p.name);
      if (other !== undefined && !samePolicy(other, p)) {
        throw new RateLimitConfigError(
          'ERR_POLICY_CONFLICT',
          `${where}: policy '${p.name}' differs from another policy of that name; a name is one counter, so give different limits different names.`,
        );
      }
      byName.set(p.name, p);
    }
  };
  register(defaults, 'policies');
  for (const [name, input] of Object.entries(options.categories ?? {})) {
    if (name.length === 0)
      throw new RateLimitConfigError('ERR_CATEGORY', 'a category needs a name.');
    const list = normalizePolicies(input);
    register(list, `category '${name}'`);
    categories[name] = Object.freeze([...list]);
    categoryLists.set(name, list);
  }
  const mode = options.headers ?? 'legacy';
  if (!['legacy', 'ietf', 'both', 'none'].includes(mode)) {
    throw new RateLimitConfigError(
      'ERR_OPTION',
      `headers must be 'legacy', 'ietf', 'both' or 'none'; got ${String(mode)}.`,
    );
  }
  const failurePolicy = options.onStoreError ?? 'insurance';
  if (!POLICIES.includes(failurePolicy)) {
    throw new RateLimitConfigError(
      'ERR_OPTION',
      `onStoreError must be 'open', 'closed' or 'insurance'; got ${String(failurePolicy)}.`,
    );
  }
  const timeoutMs = option(options.storeTimeoutMs, 200, 'storeTimeoutMs', 1);
  const recoverAfterMs = option(options.recoverAfterMs, 1000, 'recoverAfterMs', 0);
  const closedRetryAfter = option(options.closedRetryAfter, 1, 'closedRetryAfter', 0);
  const maxKeyLength = option(options.maxKeyLength, 256, 'maxKeyLength', 1);
  const prefix = options.prefix ?? '';
  const catalog = options.catalog ?? baseCatalog;
  checkRoles(catalog, [...defaults, ...categoryLists.values()].flat());
  const exposePolicy = options.exposePolicy ?? true;
  if (typeof exposePolicy !== 'boolean') {
    throw new RateLimitConfigError(
      'ERR_OPTION',
      `exposePolicy must be a boolean; got ${String(exposePolicy)}.`,
    );
  }
  const report =
    options.reportStoreError ??
    ((error: unknown) => console.warn('errata: rate-limit store failed:', error));
  const now = options.now ?? Date.now;
  const owned: RateLimitStore[] = [];
  const store = options.store ?? new MemoryStore();
  if (options.store === undefined) owned.push(store);
  const memory = store instanceof MemoryStore ? store : undefined;
  let insurance = options.insurance;
  const insuranceStore = (): RateLimitStore => {
    if (insurance === undefined) {
      insurance = new MemoryStore();
      owned.push(insurance);
    }
    return insurance;
  };

  // Circuit state: 0 when the store is trusted; else when the next probe may go.
  let downUntil = 0;
  let probing = false;

  const windowOf = (name: string) => byName.get(name)?.windowMs ?? 0;

  const decide = decisionMaker({ mode, catalog, exposePolicy, windowOf });

  // A store's answer (from the insurance store too), or the decision of failing open or closed.
  type Answer =
    | { result: CheckResult; source: DecisionSource; decision?: undefined }
    | { result?: undefined; decision: RateLimitDecision };

  const fallback = async (request: CheckRequest): Promise<Answer> => {
    if (failurePolicy === 'open')
      return { decision: { allowed: true, headers: {}, source: 'open' } };
    if (failurePolicy === 'closed') {
      const error = catalog.roleError('service_unavailable', { retryAfter: closedRetryAfter });
      return {
        decision: {
          allowed: false,
          headers: { 'Retry-After': String(closedRetryAfter) },
          error,
          source: 'closed',
        },
      };
    }
    const spare = insuranceStore();
    const result = spare instanceof MemoryStore ? spare.checkSync(request) : spare.check(request);
    return { result: await result, source: 'insurance' };
  };

  // One timer for every check in flight, timing out only checks whose reply has not arrived
  // (a blocked event loop or a descheduled process is not the store's fault): see deadlines.ts.
  const deadlines = new StoreDeadlines(timeoutMs);
  const withTimeout = (request: CheckRequest): Promise<CheckResult> => {
    let pending: Promise<CheckResult>;
    try {
      pending = store.check(request);
    } catch (error) {
      return Promise.reject(error);
    }
    // After store.check: node-redis has queued its write, so the deadline's stamp runs after it.
    return deadlines.race(pending);
  };

  const answer = async (request: CheckRequest): Promise<Answer> => {
    if (downUntil !== 0 && (probing || now() < downUntil)) return fallback(request);
    const probe = downUntil !== 0;
    if (probe) probing = true;
    try {
      const result = await withTimeout(request);
      downUntil = 0;
      return { result, source: 'store' };
    } catch (error) {
      // One report per outage: the failure that takes the store out of service. Checks already
      // waiting on a hung store, and probes that find it still down, would otherwise log one
      // line per request exactly when the logs matter most.
      const tripping = downUntil === 0;
      downUntil = Math.max(1, now() + recoverAfterMs);
      if (tripping) {
        try {
          report(error);
        } catch {
          // a broken reporter must not break requests
        }
      }
      return fallback(request);
    } finally {
      if (probe) probing = false;
    }
  };

  const viaStore = async (request: CheckRequest, ceiling: CheckRequest | undefined) => {
    // The ceiling first: refused there, the request's own key is neither counted nor created.
    const first = await answer(ceiling ?? request);
    if (first.result === undefined) return first.decision;
    if (ceiling === undefined || !first.result.allowed) return decide(first.result, first.source);
    const own = await answer(request);
    if (own.result === undefined) return own.decision;
    return decide(mergeResults(own.result, first.result), own.source);
  };

  const ceilingOf = ceilingRequests(register, (key) => prefix + boundKey(key, maxKeyLength));

  const policiesOf = (category: string | undefined): readonly Policy[] => {
    const policies = category === undefined ? defaults : categoryLists.get(category);
    if (policies === undefined) {
      throw new TypeError(
        `errata: unknown rate-limit category ${JSON.stringify(category)}; known: ${Object.keys(categories).join(', ') || 'none'}.`,
      );
    }
    return policies;
  };
  const costOf = (input: CheckInput): number => {
    const cost = input.cost ?? 1;
    if (!Number.isSafeInteger(cost) || cost < 0) {
      throw new TypeError(`errata: rate-limit cost must be a non-negative integer; got ${cost}.`);
    }
    return cost;
  };
  const keyOf = (key: unknown): string => {
    if (typeof key !== 'string') throw new TypeError('errata: a rate-limit key must be a string.');
    return prefix + boundKey(key, maxKeyLength);
  };

  const requestOf = (input: CheckInput): CheckRequest => {
    const policies = policiesOf(input.category);
    const cost = costOf(input);
    return { key: keyOf(input.key), policies, cost };
  };

  // The memory store's decision; without a ceiling, no request object (`checkKey`).
  const fromMemory = (m: MemoryStore, input: CheckInput) => {
    if (input.ceiling === undefined) {
      const policies = policiesOf(input.category);
      const cost = costOf(input);
      return decide(m.checkKey(keyOf(input.key), policies, cost), 'store');
    }
    const request = requestOf(input);
    const ceiling = ceilingOf(input.ceiling, request.cost) as CheckRequest;
    const first = m.checkSync(ceiling);
    return decide(first.allowed ? mergeResults(m.checkSync(request), first) : first, 'store');
  };

  const limiter: RateLimiter = {
    policies: Object.freeze([...defaults]),
    categories: Object.freeze(categories),
    check(input) {
      try {
        // The memory store answers synchronously and cannot hang: no timer, no circuit, and
        // one promise for the whole check rather than one per async layer.
        if (memory !== undefined) return Promise.resolve(fromMemory(memory, input));
        const request = requestOf(input);
        return viaStore(request, ceilingOf(input.ceiling, request.cost));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    checkSync(input) {
      if (memory === undefined) return undefined;
      return fromMemory(memory, input);
    },
    reset(key) {
      return store.reset(prefix + boundKey(key, maxKeyLength));
    },
    async close() {
      deadlines.stop();
      await Promise.all(owned.map((s) => s.close()));
    },
  };
  return limiter;
}
