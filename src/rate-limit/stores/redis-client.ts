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

/** The command key (for cluster routing): the first key after `numkeys`, or after `DEL`. */
function firstKey(args: readonly string[]): string | undefined {
  const command = args[0]?.toUpperCase();
  if (command === 'EVALSHA' || command === 'EVAL') return args[2] === '0' ? undefined : args[3];
  if (command === 'DEL' || command === 'UNLINK') return args[1];
  return undefined;
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
