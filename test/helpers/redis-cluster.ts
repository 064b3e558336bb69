import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import { exited, freePort, ping, tracked } from './redis-server.js';

/** A node of the test cluster: its port, its cluster id and its process. */
export type ClusterNode = { readonly port: number; readonly id: string; readonly pid: number };

/** A slot migration started by `beginMigration`, driven one step at a time. */
export type SlotMigration = {
  readonly slot: number;
  /** The port of the master the slot leaves. */
  readonly from: number;
  /** The port of the master the slot goes to. */
  readonly to: number;
  /**
   * MIGRATE every key of the slot to `to`, all in one command. From then until `finish`, the
   * source answers `ASK` for the slot's keys and the target serves them to clients that send
   * `ASKING` first. Resolves with the number of keys moved.
   */
  moveKeys(): Promise<number>;
  /** `CLUSTER SETSLOT slot NODE` on every master: `to` owns the slot, the others answer `MOVED`. */
  finish(): Promise<void>;
};

/** What `promotion` saw: the replica that took over, and how long after the kill. */
export type Failover = { readonly promoted: number; readonly ms: number };

/** A Redis Cluster of child processes of the tests, on 127.0.0.1. */
export type RedisCluster = {
  /** Every node started, the initial masters first. */
  readonly nodes: readonly ClusterNode[];
  /** `{ host, port }` of the initial masters: the clients' root (startup) nodes. */
  readonly rootNodes: readonly { host: string; port: number }[];
  /** One command on one node (a connection of its own): its reply, or a rejection. */
  command(port: number, ...args: (string | number)[]): Promise<unknown>;
  /** `CLUSTER KEYSLOT key`. */
  keySlot(key: string): Promise<number>;
  /** The port of the master serving `slot`, as the live nodes agree (they must). */
  ownerOf(slot: number): Promise<number>;
  /** The ports of the live masters. */
  masters(): Promise<number[]>;
  /**
   * `INFO commandstats` and `INFO errorstats` summed over the live masters:
   * `calls.evalsha`, `errors.MOVED`, `errors.ASK`, …
   */
  stats(): Promise<{ calls: Record<string, number>; errors: Record<string, number> }>;
  /** Open the migration of `slot` from its owner to the master `to` (IMPORTING, MIGRATING). */
  beginMigration(slot: number, to: number): Promise<SlotMigration>;
  /**
   * Finish the migrations begun and not finished (a test that failed halfway), so that the
   * next test finds every slot owned by one master. Call it in `afterEach`.
   */
  finishMigrations(): Promise<void>;
  /** `beginMigration`, `moveKeys` and `finish` at once. */
  migrateSlot(slot: number, to: number): Promise<void>;
  /**
   * `redis-cli --cluster reshard`: move `slots` slots (its lowest ones) from master `from` to
   * master `to`, keys included; resolves once every node agrees on the new owners.
   */
  reshard(from: number, to: number, slots: number): Promise<void>;
  /**
   * Wait until every replica of master `port` has received all its writes (replication offsets
   * equal), so that a failover loses nothing acknowledged before.
   */
  synced(port: number): Promise<void>;
  /** SIGKILL master `port` (it must have a replica) and wait until the process is gone. */
  killMaster(port: number): Promise<void>;
  /**
   * After `killMaster(port)`: wait (up to `timeoutMs`, 15 s by default) until one of its replicas
   * is promoted, owns its slots, and every live node says `cluster_state:ok` again.
   */
  promotion(port: number, options?: { timeoutMs?: number }): Promise<Failover>;
  /** The slot ranges master `port` serves, lowest first, as the live nodes agree. */
  slotsOf(port: number): Promise<[number, number][]>;
  /** Kill every node (whatever its state) and remove the cluster's directory. */
  stop(): Promise<void>;
};

const HOST = '127.0.0.1';
const SLOTS = 16384;

/** ANSI colour codes (ESC [ … m), which redis-cli prints even without a terminal. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** One command on a fresh connection that never retries nor queues. */
async function command(port: number, args: (string | number)[], timeoutMs = 5000) {
  const redis = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
    commandTimeout: timeoutMs,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await redis.call(String(args[0]), args.slice(1).map(String));
  } finally {
    redis.disconnect();
  }
}

/** Poll `probe` until it returns a value other than undefined, or throw `what` after `timeoutMs`. */
async function until<T>(
  what: () => string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const cause = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`redis cluster: ${what()} within ${timeoutMs} ms${cause}`);
    }
    await sleep(50);
  }
}

/** Run a redis-cli (tracked, SIGKILLed after `timeoutMs`); resolves with its output. */
function redisCli(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.REDIS_CLI_PATH ?? 'redis-cli', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tracked(child);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const text = out.replace(ANSI, '');
      if (code === 0) resolve(text);
      else {
        const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exited ${code}`;
        reject(new Error(`redis-cli ${args.slice(0, 2).join(' ')} ${why}:\n${text}`));
      }
    });
  });
}

/** A line of `CLUSTER NODES`. */
type NodeLine = {
  id: string;
  port: number;
  flags: string[];
  master: string;
  slots: [number, number][];
  importing: boolean;
};

function parseNodes(text: string): NodeLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id, address, flags, master, , , , , ...slots] = line.split(' ') as string[];
      return {
        id: id as string,
        port: Number((address as string).split('@')[0]?.split(':')[1]),
        flags: (flags as string).split(','),
        master: master as string,
        // "[slot->-id]" / "[slot-<-id]" mark a migration in progress.
        importing: slots.some((s) => s.startsWith('[')),
        slots: slots
          .filter((s) => !s.startsWith('['))
          .map((s) => {
            const [a, b] = s.split('-');
            return [Number(a), Number(b ?? a)] as [number, number];
          }),
      };
    });
}

/** A node's view of the cluster, as a string every agreeing node gives alike. */
function signature(lines: NodeLine[]): string {
  return lines
    .map((n) => {
      const role = n.flags.includes('master') ? 'master' : 'replica';
      const failed = n.flags.includes('fail') ? ' fail' : '';
      return `${n.id} ${role}${failed} ${n.master} ${JSON.stringify(n.slots)}`;
    })
    .sort()
    .join('\n');
}

/**
 * Start a Redis Cluster of 3 masters (and a replica of each with `replicas: 1`): `redis-server
 * --cluster-enabled yes` on free ports (cluster bus ports too), in a temporary directory, nothing
 * persisted, joined with `redis-cli --cluster create`. Resolves once every node reports
 * `cluster_state:ok` with all 16384 slots assigned, every node agrees on the slots and roles, and
 * every replica is in sync. A failure stops whatever was started before throwing.
 * @example const cluster = await startRedisCluster(); ...; await cluster.stop();
 */
export async function startRedisCluster(
  options: { replicas?: 0 | 1; timeoutMs?: number } = {},
): Promise<RedisCluster> {
  const replicas = options.replicas ?? 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'errata-redis-cluster-'));
  const children = new Map<number, ChildProcess>();
  const alive = new Set<number>();

  const logTail = (port: number) => {
    try {
      return readFileSync(join(dir, `${port}.log`), 'utf8')
        .split('\n')
        .slice(-15)
        .join('\n');
    } catch {
      return '';
    }
  };

  const launch = async (): Promise<number> => {
    // A free port can be taken before the server binds it: try again on others.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const bus = await freePort();
      if (bus === port) continue;
      const proc = spawn(
        process.env.REDIS_SERVER_PATH ?? 'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          HOST,
          '--cluster-enabled',
          'yes',
          // The bus port next to the port (+10000 by default) could be taken or above 65535.
          '--cluster-port',
          String(bus),
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '1000',
          // A replica stays eligible for promotion however long ago it heard from its master.
          '--cluster-replica-validity-factor',
          '0',
          // Replicas sync at once (Redis 7 waits 5 s for more replicas by default).
          '--repl-diskless-sync-delay',
          '0',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
          '--daemonize',
          'no',
          '--loglevel',
          'notice',
          '--logfile',
          join(dir, `${port}.log`),
        ],
        { stdio: 'ignore' },
      );
      tracked(proc);
      children.set(port, proc);
      alive.add(port);
      proc.once('exit', () => alive.delete(port));
      let spawnError: Error | undefined;
      proc.once('error', (error) => {
        spawnError = error;
      });
      for (let i = 0; i < 200; i++) {
        if (spawnError !== undefined) throw spawnError;
        if (proc.exitCode !== null || proc.signalCode !== null) break;
        if (await ping(port)) return port;
        await sleep(25);
      }
      proc.kill('SIGKILL');
      await exited(proc);
      children.delete(port);
      const log = logTail(port);
      if (attempt >= 3 || !/in use/i.test(log)) {
        throw new Error(`redis cluster: redis-server on port ${port} did not start:\n${log}`);
      }
    }
  };

  const stop = async () => {
    const procs = [...children.values()];
    for (const proc of procs) proc.kill('SIGKILL');
    await Promise.all(procs.map(exited));
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  const run = (port: number, ...args: (string | number)[]) => command(port, args);
  const nodesOf = async (port: number) => parseNodes(String(await run(port, 'CLUSTER', 'NODES')));

  /** The view every live node agrees on (no migration open), else undefined. */
  const agreed = async (): Promise<NodeLine[] | undefined> => {
    const views = await Promise.all([...alive].map(nodesOf));
    const first = views[0];
    if (first === undefined) return undefined;
    const sig = signature(first);
    const consistent = views.every((v) => signature(v) === sig && !v.some((n) => n.importing));
    return consistent ? first : undefined;
  };

  /** Every live node says cluster_state:ok with all slots assigned, and they agree. */
  const healthy = async (): Promise<NodeLine[] | undefined> => {
    for (const port of alive) {
      const info = String(await run(port, 'CLUSTER', 'INFO'));
      if (!info.includes('cluster_state:ok')) return undefined;
      if (!info.includes(`cluster_slots_assigned:${SLOTS}`)) return undefined;
    }
    return agreed();
  };

  const ownerIn = (lines: NodeLine[], slot: number) =>
    lines.find(
      (n) =>
        n.flags.includes('master') &&
        !n.flags.includes('fail') &&
        n.slots.some(([a, b]) => slot >= a && slot <= b),
    );

  const idOf = new Map<number, string>();
  const killed = new Map<number, { at: number; standby: number[]; slot: number }>();

  const synced = async (port: number) => {
    await until(
      () => `the replicas of ${port} did not catch up`,
      10_000,
      async () => {
        const info = String(await run(port, 'INFO', 'replication'));
        const offset = /master_repl_offset:(\d+)/.exec(info)?.[1];
        const slaves = [...info.matchAll(/^slave\d+:.*state=(\w+),offset=(\d+)/gm)];
        if (replicas > 0 && slaves.length < replicas) return undefined;
        return slaves.every((m) => m[1] === 'online' && m[2] === offset) ? true : undefined;
      },
    );
  };

  try {
    const ports = await Promise.all(Array.from({ length: 3 * (1 + replicas) }, launch));
    await redisCli(
      [
        '--cluster',
        'create',
        ...ports.map((p) => `${HOST}:${p}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      timeoutMs,
    );
    const lines = await until(
      () => `not every node reported cluster_state:ok, ${SLOTS} slots, one view`,
      timeoutMs,
      async () => {
        const view = await healthy();
        if (view === undefined || view.length !== ports.length) return undefined;
        if (view.filter((n) => n.flags.includes('master')).length !== 3) return undefined;
        return view;
      },
    );
    for (const n of lines) idOf.set(n.port, n.id);
    const masters = lines.filter((n) => n.flags.includes('master')).map((n) => n.port);
    if (replicas > 0) await Promise.all(masters.map(synced));
    const ordered = [...masters, ...ports.filter((p) => !masters.includes(p))];

    const id = (port: number) => {
      const value = idOf.get(port);
      if (value === undefined) throw new Error(`redis cluster: no node on port ${port}`);
      return value;
    };
    const ownerOf = async (slot: number) => {
      const view = await until(() => 'the nodes did not agree on the slots', 10_000, agreed);
      const owner = ownerIn(view, slot);
      if (owner === undefined) throw new Error(`redis cluster: no master serves slot ${slot}`);
      return owner.port;
    };
    /** The live nodes that say they are masters (no agreement needed: works mid-migration). */
    const mastersNow = async () => {
      const roles = await Promise.all(
        [...alive].map(async (port) => [port, ((await run(port, 'ROLE')) as unknown[])[0]]),
      );
      return roles.filter(([, role]) => role === 'master').map(([port]) => port as number);
    };
    const setSlotEverywhere = async (slot: number, owner: number) => {
      // The new owner first, then the other masters (the source among them), as redis-cli does.
      const others = (await nodesOf(owner))
        .filter((n) => n.flags.includes('master') && alive.has(n.port) && n.port !== owner)
        .map((n) => n.port);
      for (const port of [owner, ...others]) {
        await run(port, 'CLUSTER', 'SETSLOT', slot, 'NODE', id(owner));
      }
      await until(
        () => `the nodes did not agree that ${owner} owns slot ${slot}`,
        10_000,
        async () => {
          const view = await agreed();
          return view !== undefined && ownerIn(view, slot)?.port === owner ? view : undefined;
        },
      );
    };

    const beginMigration = async (slot: number, to: number): Promise<SlotMigration> => {
      const from = await ownerOf(slot);
      if (from === to) throw new Error(`redis cluster: slot ${slot} is on ${to} already`);
      await run(to, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', id(from));
      await run(from, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', id(to));
      const migration: SlotMigration = {
        slot,
        from,
        to,
        async moveKeys() {
          let moved = 0;
          for (;;) {
            const keys = (await run(from, 'CLUSTER', 'GETKEYSINSLOT', slot, 10_000)) as string[];
            if (keys.length === 0) return moved;
            // One MIGRATE for all of them: the keys of one check move together.
            await run(from, 'MIGRATE', HOST, to, '', 0, 5000, 'REPLACE', 'KEYS', ...keys);
            moved += keys.length;
          }
        },
        async finish() {
          await setSlotEverywhere(slot, to);
          open.delete(migration);
        },
      };
      open.add(migration);
      return migration;
    };
    const open = new Set<SlotMigration>();

    const cluster: RedisCluster = {
      nodes: ordered.map((port) => ({
        port,
        id: id(port),
        pid: children.get(port)?.pid as number,
      })),
      rootNodes: masters.map((port) => ({ host: HOST, port })),
      command: run,
      async keySlot(key) {
        return Number(await run(masters[0] as number, 'CLUSTER', 'KEYSLOT', key));
      },
      ownerOf,
      masters: mastersNow,
      async stats() {
        const calls: Record<string, number> = {};
        const errors: Record<string, number> = {};
        for (const port of await mastersNow()) {
          const info = String(await run(port, 'INFO', 'all'));
          for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
            calls[m[1] as string] = (calls[m[1] as string] ?? 0) + Number(m[2]);
          }
          for (const m of info.matchAll(/^errorstat_([^:]+):count=(\d+)/gm)) {
            errors[m[1] as string] = (errors[m[1] as string] ?? 0) + Number(m[2]);
          }
        }
        return { calls, errors };
      },
      beginMigration,
      async finishMigrations() {
        for (const migration of [...open]) {
          await migration.moveKeys();
          await migration.finish();
        }
      },
      async migrateSlot(slot, to) {
        const migration = await beginMigration(slot, to);
        await migration.moveKeys();
        await migration.finish();
      },
      async reshard(from, to, slots) {
        // redis-cli refuses to reshard a cluster whose nodes disagree.
        await until(() => 'the nodes did not agree before the reshard', 10_000, agreed);
        await redisCli(
          [
            '--cluster',
            'reshard',
            `${HOST}:${from}`,
            '--cluster-from',
            id(from),
            '--cluster-to',
            id(to),
            '--cluster-slots',
            String(slots),
            // All the keys of a slot in one MIGRATE: the keys of one check move together.
            '--cluster-pipeline',
            '10000',
            '--cluster-yes',
          ],
          timeoutMs,
        );
        await until(() => 'the nodes did not agree after the reshard', 10_000, agreed);
      },
      synced,
      async killMaster(port) {
        const view = await until(() => 'the nodes did not agree before the kill', 10_000, agreed);
        const victim = view.find((n) => n.port === port);
        if (victim === undefined || !victim.flags.includes('master')) {
          throw new Error(`redis cluster: ${port} is not a master`);
        }
        const standby = view.filter((n) => n.master === victim.id).map((n) => n.port);
        if (standby.length === 0) throw new Error(`redis cluster: master ${port} has no replica`);
        const proc = children.get(port);
        if (proc === undefined) throw new Error(`redis cluster: no process on port ${port}`);
        killed.set(port, { at: Date.now(), standby, slot: victim.slots[0]?.[0] as number });
        proc.kill('SIGKILL');
        await exited(proc);
      },
      async promotion(port, { timeoutMs: wait = 15_000 } = {}) {
        const kill = killed.get(port);
        if (kill === undefined) throw new Error(`redis cluster: ${port} was not killed`);
        const promoted = await until(
          () => `no replica of ${port} (${kill.standby.join(', ')}) took over`,
          wait,
          async () => {
            const view = await healthy();
            const owner = view === undefined ? undefined : ownerIn(view, kill.slot);
            return owner !== undefined && kill.standby.includes(owner.port)
              ? owner.port
              : undefined;
          },
        );
        return { promoted, ms: Date.now() - kill.at };
      },
      async slotsOf(port) {
        const view = await until(() => 'the nodes did not agree on the slots', 10_000, agreed);
        const node = view.find((n) => n.port === port);
        return [...(node?.slots ?? [])].sort((a, b) => a[0] - b[0]);
      },
      stop,
    };
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** CRC16/XMODEM, the checksum of Redis Cluster's key slots. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/**
 * The slot of `key`, computed here as Redis does (the hash tag `{...}` when it has one), for
 * searching keys of a given slot; tests still ask the server (`keySlot`) about the keys they use.
 */
export function slotOf(key: string): number {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(Buffer.from(hashed)) % SLOTS;
}

/** The first `make(i)` (i = 0, 1, …) whose slot (`slotOf(slotKey(candidate))`) is `slot`. */
export function keyInSlot(
  slot: number,
  make: (i: number) => string,
  slotKey: (candidate: string) => string = (candidate) => candidate,
): string {
  for (let i = 0; i < 1_000_000; i++) {
    const candidate = make(i);
    if (slotOf(slotKey(candidate)) === slot) return candidate;
  }
  throw new Error(`redis cluster: no key found for slot ${slot}`);
}

/** node-redis's cluster client, failing fast (below). */
const nodeRedisCluster = (rootNodes: readonly { host: string; port: number }[]) =>
  createCluster({
    rootNodes: rootNodes.map((n) => ({ socket: { host: n.host, port: n.port } })),
    defaults: { disableOfflineQueue: true, socket: { connectTimeout: 1000 } },
  });

/** node-redis's cluster client, as `createCluster` makes it. */
export type NodeRedisCluster = ReturnType<typeof nodeRedisCluster>;

/** An ioredis `Cluster` and a node-redis `createCluster` client on the same cluster. */
export type ClusterClients = {
  ioredis: Cluster;
  nodeRedis: NodeRedisCluster;
  /** Errors the clients emitted (they must not go unhandled; tests may look at them). */
  errors: unknown[];
  /** Close both (disconnect, whatever state the cluster is in). */
  close(): Promise<void>;
};

/**
 * Connect both clients to `rootNodes`, configured to fail fast while a node is away (as the
 * stores' docs ask: a queued or retried command would run after the caller has answered):
 * - ioredis `Cluster`: no offline queue, no retry of a request on a closed connection
 *   (`retryDelayOnFailover: 0`) nor on `CLUSTERDOWN` (`retryDelayOnClusterDown: 0`), and
 *   `maxRetriesPerRequest: 0` on its node connections. `MOVED`/`ASK` are still followed.
 * - node-redis `createCluster`: `disableOfflineQueue` on its node clients. It follows
 *   `MOVED`/`ASK`, and rediscovers the topology 5 s (its default) into a node's reconnection.
 * Resolves once both are ready.
 */
export async function connectClusterClients(
  rootNodes: readonly { host: string; port: number }[],
): Promise<ClusterClients> {
  const errors: unknown[] = [];
  const ioredis = new Cluster(
    rootNodes.map((n) => ({ ...n })),
    {
      enableOfflineQueue: false,
      retryDelayOnFailover: 0,
      retryDelayOnClusterDown: 0,
      redisOptions: { maxRetriesPerRequest: 0, connectTimeout: 1000 },
    },
  );
  ioredis.on('error', (error: unknown) => errors.push(error));
  const nodeRedis = nodeRedisCluster(rootNodes);
  nodeRedis.on('error', (error: unknown) => errors.push(error));
  const close = async () => {
    ioredis.disconnect();
    try {
      await nodeRedis.close();
    } catch {
      nodeRedis.destroy();
    }
  };
  try {
    const ready = new Promise<void>((resolve, reject) => {
      if (ioredis.status === 'ready') return resolve();
      ioredis.once('ready', () => resolve());
      ioredis.once('end', () => reject(new Error('redis cluster: ioredis Cluster ended')));
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('redis cluster: the clients were not ready within 10000 ms')),
        10_000,
      );
    });
    try {
      await Promise.race([Promise.all([ready, nodeRedis.connect()]), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { ioredis, nodeRedis, errors, close };
}

/** Calls of `task` by concurrent workers, until `stop`; `progress` waits for completions. */
export type Load = {
  /** Tasks completed so far. */
  readonly done: number;
  /** Resolves once `n` more tasks have completed (rejects after `timeoutMs`, 10 s by default). */
  progress(n: number, timeoutMs?: number): Promise<void>;
  /** Let the workers finish their current task and stop; resolves when they have. */
  stop(): Promise<void>;
};

/**
 * Run `task` over and over in `workers` concurrent loops (each starts its next task when its
 * last one settled). A task that throws is a bug of the test: the load stops and `stop` rethrows.
 */
export function startLoad(workers: number, task: () => Promise<void>): Load {
  let done = 0;
  let stopped = false;
  let failure: unknown;
  const waiters: { at: number; settle: (error?: unknown) => void }[] = [];
  const loops = Array.from({ length: workers }, async () => {
    while (!stopped) {
      try {
        await task();
      } catch (error) {
        failure ??= error;
        stopped = true;
      }
      done++;
      for (const w of waiters.filter((w) => failure !== undefined || done >= w.at)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.settle(failure);
      }
    }
  });
  return {
    get done() {
      return done;
    },
    progress(n, timeoutMs = 10_000) {
      const at = done + n;
      return new Promise<void>((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            failure ?? new Error(`load: ${n} more tasks did not complete within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        const waiter = {
          at,
          settle: (error?: unknown) => {
            clearTimeout(timer);
            if (error === undefined) resolve();
            else reject(error);
          },
        };
        waiters.push(waiter);
      });
    },
    async stop() {
      stopped = true;
      await Promise.all(loops);
      if (failure !== undefined) throw failure;
    },
  };
}
