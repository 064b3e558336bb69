// The limiter's store timeout (`storeTimeoutMs`): one timer shared by every check in flight,
// and a decision that only times out a check whose reply has really not arrived.
//
// Why not one `setTimeout` per check. Besides costing a timer per check, it decides wrongly on a
// busy machine: when the process is descheduled or the event loop is blocked past the deadline,
// Redis's reply is already in the socket's buffer, but libuv runs expired timers before it
// polls the sockets, so the timer fires first and the limiter falls back to its per-process
// insurance store although Redis answered (the vault example then admitted 36 where 25 were
// allowed, over four processes sharing one Redis budget).
//
// How this decides instead, in two rules:
// 1. A check's clock starts at the end of the event-loop turn that issued it (the first
//    `setImmediate` after it, "stamp"), not at the call: ioredis writes the command to the socket
//    at once, node-redis in a `setImmediate` queued by the call (so before ours). The clock thus
//    starts only once the command is out; a turn blocked between the call and node-redis's
//    write does not eat into the store's time.
// 2. When the timer fires we only note the time (the cutoff) and decide in a `setImmediate`:
//    libuv polls the sockets between the timers phase and the immediates, so every reply
//    already received by the kernel is read (and its check settled, through microtasks) before
//    the sweep. The sweep times out only the checks whose deadline was at or before the cutoff
//    and that are still unsettled: their deadline passed, then the loop polled, and no reply.
// Stalls after the command is out therefore cannot cause a timeout: whatever Redis answered
// meanwhile is read first. A hung Redis still times out, after about storeTimeoutMs plus
// whatever the process itself was blocked. This holds for a store that sends its one command
// in the turn of the call, as RedisStore does (its first check sends EVAL rather than waiting
// for a SCRIPT LOAD); a second round trip, as RedisStore's EVAL retry after a NOSCRIPT (Redis
// restarted or flushed its scripts), still counts from the check's first turn.
//
// Deadlines are `stamp + timeoutMs` with a monotonic stamp, so the waiting checks, kept in the
// order they came, are in deadline order: the timer is armed for the first one only, a settled
// check is unlinked in O(1), and a sweep stops at the first deadline still ahead.

/** The limiter's timeout error (`reportStoreError` hears it; its name is public). */
export class StoreTimeoutError extends Error {
  override name = 'StoreTimeoutError';
}

type Waiter = {
  /** Monotonic ms (performance.now); Infinity until stamped. */
  deadline: number;
  /** In the list: neither settled nor timed out yet. */
  live: boolean;
  prev: Waiter | undefined;
  next: Waiter | undefined;
  reject: (error: unknown) => void;
};

type Handle = { unref?: () => unknown };

// `performance.now()` is read through the global at every call (fake timers replace it).
const clock = (): number => performance.now();

// After the poll phase where there is one (Node, Bun, Deno's Node layer); where there is none
// (browsers, Workers without nodejs_compat) a zero timeout, which also runs after pending
// network events. Looked up at every call, as `clock`, so fake timers apply.
type Later = { cancel(): void };
function afterIo(run: () => void): Later {
  const { setImmediate: immediate, clearImmediate: clear } = globalThis as Partial<
    typeof globalThis
  >;
  if (typeof immediate === 'function' && typeof clear === 'function') {
    const handle = immediate(run);
    return { cancel: () => clear(handle) };
  }
  const handle = setTimeout(run, 0);
  return { cancel: () => clearTimeout(handle) };
}

/** Races store replies against one shared timeout of `timeoutMs`. */
export class StoreDeadlines {
  readonly #timeoutMs: number;
  // The waiting checks, a doubly linked list in deadline order (oldest first; the unstamped ones
  // of the current turn at the end). A linked list, not a Set: a Set whose size swings between 0
  // and the concurrency every turn rehashes as it grows and shrinks (~1 µs a check).
  #first: Waiter | undefined;
  #last: Waiter | undefined;
  #stampQueued: Later | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline the timer is armed for: a timer is trusted to mean its time has come, even
   * when `clock` disagrees (partly faked timers, a timer fired a hair early). */
  #armedFor = 0;
  /** Between the timer firing and its sweep: the timer is not re-armed meanwhile. */
  #sweeping = false;
  #cutoff = 0;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** `pending`'s outcome, or a StoreTimeoutError once it has not answered in time (see above). */
  race<T>(pending: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Scheduled before the waiter is linked: nothing below can throw with a waiter half-added.
      if (this.#stampQueued === undefined) this.#stampQueued = afterIo(this.#stamp);
      const last = this.#last;
      const waiter: Waiter = {
        deadline: Infinity,
        live: true,
        prev: last,
        next: undefined,
        reject,
      };
      if (last === undefined) this.#first = waiter;
      else last.next = waiter;
      this.#last = waiter;
      pending.then(
        (value) => {
          if (this.#remove(waiter)) resolve(value);
        },
        (error: unknown) => {
          if (this.#remove(waiter)) reject(error);
        },
      );
    });
  }

  /** Whether no check is waiting. */
  get idle(): boolean {
    return this.#first === undefined;
  }

  /** Cancel the timer and the pending immediate when no check waits (the limiter's `close`). */
  stop(): void {
    if (!this.idle) return;
    this.#stampQueued?.cancel();
    this.#stampQueued = undefined;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Unlink a waiter; false when it was gone already (timed out, or settled). */
  #remove(waiter: Waiter): boolean {
    if (!waiter.live) return false;
    waiter.live = false;
    const { prev, next } = waiter;
    if (prev === undefined) this.#first = next;
    else prev.next = next;
    if (next === undefined) this.#last = prev;
    else next.prev = prev;
    // A timed-out waiter may be held by a store promise that never settles: it must not keep
    // its neighbours reachable.
    waiter.prev = undefined;
    waiter.next = undefined;
    return true;
  }

  readonly #stamp = (): void => {
    this.#stampQueued = undefined;
    const deadline = clock() + this.#timeoutMs;
    for (let w = this.#last; w !== undefined && w.deadline === Infinity; w = w.prev) {
      w.deadline = deadline;
    }
    if (this.#timer === undefined && !this.#sweeping) this.#arm();
  };

  /** Arm the timer for the first deadline (none while only unstamped checks wait). */
  #arm(): void {
    const first = this.#first;
    if (first === undefined || first.deadline === Infinity) return;
    const delay = Math.max(1, Math.ceil(first.deadline - clock()));
    this.#armedFor = first.deadline;
    this.#timer = setTimeout(this.#fire, delay);
    (this.#timer as Handle).unref?.();
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#sweeping = true;
    this.#cutoff = Math.max(clock(), this.#armedFor);
    // Decide after the poll phase: replies already received settle their checks first.
    afterIo(this.#sweep);
  };

  readonly #sweep = (): void => {
    this.#sweeping = false;
    const cutoff = this.#cutoff;
    for (let w = this.#first; w !== undefined && w.deadline <= cutoff; w = this.#first) {
      this.#remove(w);
      w.reject(
        new StoreTimeoutError(`errata: rate-limit store gave no answer in ${this.#timeoutMs} ms.`),
      );
    }
    if (this.#timer === undefined) this.#arm();
  };
}
