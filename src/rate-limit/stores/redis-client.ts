/**
 * A tiny adapter over the Redis clients RedisStore works with, detected by shape so that neither
 * library is imported (both are optional peers):
 * - ioredis (`Redis` or `Cluster`): `client.call(command, args)`;
 * - node-redis v4+ (`createClient()`): `client.sendCommand(args)`;
 * - node-redis cluster (`createCluster()`): `client.sendCommand(firstKey, isReadonly, args)`,
 *   routed by the first key (all keys of a check share one hash tag, hence one slot).
 * Anything else: pass `sendCommand` yourself.
 */

/** Sends one command (`['EVALSHA', sha, '2', key1, ...]`) and resolves with its reply. */
export type SendCommand = (args: string[]) => Promise<unknown>;

/** The part of ioredis's `Redis`/`Cluster` used. */
export type IoRedisLike = {
  call(command: string, args: string[]): Promise<unknown>;
};

/** The part of node-redis's client (`createClient`) used. */
export type NodeRedisLike = {
  sendCommand(args: string[]): Promise<unknown>;
};

/** The part of node-redis's cluster (`createCluster`) used. */
export type NodeRedisClusterLike = {
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
  ): Promise<unknown>;
  nodeClient(...args: never[]): unknown;
};

export type RedisClientLike = IoRedisLike | NodeRedisLike | NodeRedisClusterLike;

/**
 * Whether Redis answered NOSCRIPT (it does not hold the script: restarted, failed over, flushed,
 * or a cluster node new to the key's slot): the caller sends the script again with EVAL.
 * @example if (isNoScript(error)) reply = await send(['EVAL', source, ...args]);
 */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error
    ? error.message.includes('NOSCRIPT')
    : typeof error === 'string' && error.includes('NOSCRIPT');
}

/** The command key (for cluster routing): the first key after `numkeys`, or after `DEL`. */
function firstKey(args: readonly string[]): string | undefined {
  const command = args[0]?.toUpperCase();
  if (command === 'EVALSHA' || command === 'EVAL') return args[2] === '0' ? undefined : args[3];
  if (command === 'DEL' || command === 'UNLINK') return args[1];
  return undefined;
}

/** ioredis's `Redis` (not `Cluster`): it has `pipeline()`. */
type IoRedisPipelining = IoRedisLike & {
  isCluster?: unknown;
  pipeline(): {
    call(command: string, args: string[]): unknown;
    exec(): Promise<[Error | null, unknown][] | null>;
  };
};

type Pending = {
  args: string[];
  resolve: (reply: unknown) => void;
  reject: (error: unknown) => void;
};

/**
 * Sends over ioredis the commands of one event-loop turn in one write (a pipeline, flushed in
 * a microtask, so still within the turn of the call): ioredis writes each command by itself, and
 * under concurrency that write (a system call per check) was most of a check's time. node-redis
 * already batches its writes so. Not on a Cluster: a pipeline there must stay in one slot.
 */
function coalescing(io: IoRedisPipelining): SendCommand {
  let batch: Pending[] | undefined;
  const flush = () => {
    const pending = batch as Pending[];
    batch = undefined;
    if (pending.length === 1) {
      const { args, resolve, reject } = pending[0] as Pending;
      io.call(args[0] as string, args.slice(1)).then(resolve, reject);
      return;
    }
    const pipeline = io.pipeline();
    for (const { args } of pending) pipeline.call(args[0] as string, args.slice(1));
    pipeline.exec().then(
      (replies) => {
        for (let i = 0; i < pending.length; i++) {
          const { resolve, reject } = pending[i] as Pending;
          const reply = replies?.[i];
          if (reply === undefined) reject(new Error('errata: Redis pipeline gave no reply.'));
          else if (reply[0] !== null) reject(reply[0]);
          else resolve(reply[1]);
        }
      },
      (error: unknown) => {
        for (const { reject } of pending) reject(error);
      },
    );
  };
  return (args) =>
    new Promise((resolve, reject) => {
      if (batch === undefined) {
        batch = [];
        queueMicrotask(flush);
      }
      batch.push({ args, resolve, reject });
    });
}

/** How to talk to `client`; throws a TypeError for a shape it does not know. */
export function commandSender(client: unknown): SendCommand {
  if (typeof client !== 'object' || client === null) {
    throw new TypeError(
      'errata: RedisStore needs a client (ioredis or node-redis) or sendCommand.',
    );
  }
  const c = client as Record<string, unknown>;
  // ioredis first: it has a `sendCommand` too, but one that takes a Command object.
  if (typeof c.call === 'function') {
    if (typeof c.pipeline === 'function' && c.isCluster !== true) {
      return coalescing(client as IoRedisPipelining);
    }
    const io = client as IoRedisLike;
    return (args) => io.call(args[0] as string, args.slice(1));
  }
  if (typeof c.sendCommand === 'function') {
    if (typeof c.nodeClient === 'function') {
      const cluster = client as NodeRedisClusterLike;
      return (args) => cluster.sendCommand(firstKey(args), false, args);
    }
    const node = client as NodeRedisLike;
    return (args) => node.sendCommand(args);
  }
  throw new TypeError(
    'errata: RedisStore does not recognise this client (expected ioredis, with call(), or node-redis, with sendCommand()); pass sendCommand: (args) => ... instead.',
  );
}

/**
 * The sender of a Redis-backed store (`store` names it in errors): `sendCommand` when given,
 * else the adapter of `client`; `onSend` hears every command (the store's round-trip count), and
 * a sender that throws rejects instead. Throws a TypeError for options it cannot use.
 * @example this.#send = storeSender('RedisStore', options, () => this.#stats.roundTrips++);
 */
export function storeSender(
  store: string,
  options: { client?: RedisClientLike | undefined; sendCommand?: SendCommand | undefined },
  onSend: () => void,
): SendCommand {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`errata: ${store} expects { client } or { sendCommand }.`);
  }
  const send = options.sendCommand ?? commandSender(options.client);
  if (typeof send !== 'function') {
    throw new TypeError(`errata: ${store} sendCommand must be a function.`);
  }
  return (args) => {
    onSend();
    try {
      return Promise.resolve(send(args));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
