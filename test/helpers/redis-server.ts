import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A `redis-server` child process of the tests, on 127.0.0.1 and a port of its own. */
export type RedisServer = {
  port: number;
  /** `redis://127.0.0.1:PORT` */
  url: string;
  /** The pid of the current server process (changes on `restart`). */
  readonly pid: number | undefined;
  /** Hang the server (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** SIGKILL the server and wait for it to be gone. */
  kill(): Promise<void>;
  /** Start a server again on the same port (after `kill`); resolves once it answers PING. */
  restart(): Promise<void>;
  /** Stop the server (whatever its state) and remove its directory. */
  stop(): Promise<void>;
};

/** A port nothing listens on, found by letting the OS pick one (redis-server has no --port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether `PING` on the port answers `+PONG` (false on refusal, error or 500 ms of silence). */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n')) done(data.startsWith('+PONG'));
    });
  });
}

const live = new Set<ChildProcess>();
// A test run that dies early must not leave servers behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Kill `child` if this process exits first (a test run that dies early leaves no server behind).
 * @example const proc = tracked(spawn('redis-server', args));
 */
export function tracked<C extends ChildProcess>(child: C): C {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Resolves once `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Start `redis-server --port N --save '' --appendonly no` on a free port (or `options.port`) and
 * wait until it answers PING. Nothing is persisted; the server's directory is a temporary one.
 * @example const redis = await startRedis(); ...; await redis.stop();
 */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'errata-redis-'));
  let child: ChildProcess | undefined;

  const launch = async () => {
    const proc = spawn(
      process.env.REDIS_SERVER_PATH ?? 'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    tracked(proc);
    let spawnError: Error | undefined;
    proc.once('error', (error) => {
      spawnError = error;
    });
    child = proc;
    for (let i = 0; i < 200; i++) {
      if (spawnError !== undefined) throw spawnError;
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`redis-server exited (${proc.exitCode ?? proc.signalCode}): ${stderr}`);
      }
      if (await ping(port)) return;
      await sleep(25);
    }
    proc.kill('SIGKILL');
    throw new Error(`redis-server did not answer PING on port ${port}: ${stderr}`);
  };

  const kill = async () => {
    const proc = child;
    if (proc === undefined) return;
    proc.kill('SIGKILL');
    await exited(proc);
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid;
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    kill,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      const proc = child;
      if (proc !== undefined && proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGCONT');
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
        await exited(proc);
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
