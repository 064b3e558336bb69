import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  type ClusterClients,
  connectClusterClients,
  type RedisCluster,
  startRedisCluster,
} from './redis-cluster.js';

// What the Redis Cluster test files of both stores share: the cluster's lifecycle in a describe
// block, the two client kinds, and the counts the servers report.

/** The two cluster clients every store is tested over. */
export type ClientKind = 'ioredis' | 'node-redis';

/** Both client kinds, for `describe.each`. */
export const CLIENT_KINDS: readonly ClientKind[] = ['ioredis', 'node-redis'];

/**
 * The client of a kind.
 * @example new RedisStore({ client: clientOf(clients, 'ioredis') })
 */
export function clientOf(clients: ClusterClients, kind: ClientKind) {
  return kind === 'ioredis' ? clients.ioredis : clients.nodeRedis;
}

type ServerStats = Awaited<ReturnType<RedisCluster['stats']>>;

/**
 * What the servers counted between two `cluster.stats()`: scripts run, ASKING commands, and the
 * ASK / MOVED redirections answered.
 * @example const counted = serverDelta(await cluster.stats(), before);
 */
export function serverDelta(after: ServerStats, before: ServerStats) {
  return {
    evalsha: (after.calls.evalsha ?? 0) - (before.calls.evalsha ?? 0),
    eval: (after.calls.eval ?? 0) - (before.calls.eval ?? 0),
    asking: (after.calls.asking ?? 0) - (before.calls.asking ?? 0),
    ask: (after.errors.ASK ?? 0) - (before.errors.ASK ?? 0),
    moved: (after.errors.MOVED ?? 0) - (before.errors.MOVED ?? 0),
  };
}

/**
 * Start a 3-master cluster (`options` as `startRedisCluster`'s) and connect both clients before
 * the describe block's tests (handing them to `use`), finish any slot migration a failed test
 * left open after each (none is open otherwise), and stop both after all.
 * @example useRedisCluster((c, k) => { cluster = c; clients = k; }, { replicas: 1 });
 */
export function useRedisCluster(
  use: (cluster: RedisCluster, clients: ClusterClients) => void,
  options?: Parameters<typeof startRedisCluster>[0],
): void {
  let cluster: RedisCluster | undefined;
  let clients: ClusterClients | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster(options);
    clients = await connectClusterClients(cluster.rootNodes);
    use(cluster, clients);
  }, 60_000);
  // A test that failed halfway through a migration must not leave its slot open for the next.
  afterEach(() => cluster?.finishMigrations());
  afterAll(async () => {
    await clients?.close();
    await cluster?.stop();
  });
}
