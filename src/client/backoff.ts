/** Inputs of `fullJitter`. */
export type JitterOptions = {
  /** Delay of the first retry before jitter, in ms. @example 100 */
  baseMs: number;
  /** Longest delay before jitter, in ms. @example 20_000 */
  capMs: number;
  /** A number in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
};

/**
 * "Full jitter" exponential backoff: a uniformly random delay in [0, min(cap, base·2^(attempt-1))).
 * Clients that failed together spread out instead of retrying in lockstep.
 * @example fullJitter(3, { baseMs: 100, capMs: 20_000 }) // somewhere in [0, 400)
 */
export function fullJitter(attempt: number, options: JitterOptions): number {
  const { baseMs, capMs } = options;
  const random = options.random ?? Math.random;
  // 2^1024 is Infinity and 0·Infinity is NaN: bound the exponent so the ceiling stays a number.
  const exponent = Math.min(Math.max(0, attempt - 1), 1000);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}
