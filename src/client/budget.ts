/** Why a retry is wanted: a retryable status, or a network failure of one kind. */
export type RetryReason = 'status' | 'refused' | 'reset' | 'timeout';

/** A unit of retry capacity taken by one retry; hand it back with `release` on success. */
export type RetryToken = {
  /** Capacity this retry took. */
  readonly cost: number;
};

/** Options of a `RetryBudget`. */
export type RetryBudgetOptions = {
  /** Capacity when full. @default 500 */
  capacity?: number | undefined;
  /** Capacity one retry takes. @default 5 */
  retryCost?: number | undefined;
  /** Capacity a retry after a timeout takes: a slow server should be spared more. @default 10 */
  timeoutCost?: number | undefined;
  /** Capacity a success without any retry gives back. @default 1 */
  successRefill?: number | undefined;
};

function amount(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new TypeError(
      `errata: RetryBudget({ ${name} }) must be a non-negative integer; got ${n}.`,
    );
  }
  return n;
}

/**
 * A retry quota shared by every request of a client (the AWS SDK "standard" retry quota): each
 * retry takes capacity, successes give it back. During an outage the budget runs dry and the
 * client stops multiplying load on a server that is already failing; as requests succeed again,
 * retries come back.
 * @example
 * const budget = new RetryBudget({ capacity: 100 });
 * const client = createClient({ baseUrl, retry: { budget } });
 */
export class RetryBudget {
  readonly #capacity: number;
  readonly #retryCost: number;
  readonly #timeoutCost: number;
  readonly #successRefill: number;
  #available: number;
  // Tokens handed out and not yet returned: a token gives its cost back once at most.
  readonly #issued = new WeakSet<RetryToken>();

  constructor(options: RetryBudgetOptions = {}) {
    this.#capacity = amount(options.capacity, 500, 'capacity');
    this.#retryCost = amount(options.retryCost, 5, 'retryCost');
    this.#timeoutCost = amount(options.timeoutCost, 10, 'timeoutCost');
    this.#successRefill = amount(options.successRefill, 1, 'successRefill');
    this.#available = this.#capacity;
  }

  /** Capacity left now. */
  get available(): number {
    return this.#available;
  }

  /** Capacity when full. */
  get capacity(): number {
    return this.#capacity;
  }

  /**
   * Take the capacity of one retry, or `undefined` (no retry) when not enough is left.
   * @example const token = budget.tryAcquire('timeout');
   */
  tryAcquire(reason: RetryReason): RetryToken | undefined {
    const cost = reason === 'timeout' ? this.#timeoutCost : this.#retryCost;
    if (cost > this.#available) return undefined;
    this.#available -= cost;
    const token: RetryToken = Object.freeze({ cost });
    this.#issued.add(token);
    return token;
  }

  /**
   * Record a success: the token of the retry that led to it gives its cost back; a success
   * without one (or with a token already returned) gives `successRefill`. Never above capacity.
   * @example budget.release(token);
   */
  release(token?: RetryToken): void {
    const refill =
      token !== undefined && this.#issued.delete(token) ? token.cost : this.#successRefill;
    this.#available = Math.min(this.#capacity, this.#available + refill);
  }
}
