/**
 * The server bench:retry hits, run in a child process (started by bench/retry.ts over IPC) so
 * its event loop does not compete with the clients'. Every request must carry an
 * `x-logical-id` header: the server counts the attempts of each logical request, and the
 * parent reads the counts back over IPC.
 *
 * Modes (set with a `reset` message, which also clears the counts):
 *   ok      every attempt -> 200 {"status":"ok"}
 *   outage  every attempt -> 503 with an errata envelope body, no Retry-After
 *   flaky   attempt k of logical request `id` -> 503 when hash(seed, id, k) < rate, else 200.
 *           The decision is a seeded hash of (seed, id, attempt number), not a stream of random
 *           numbers, so it does not depend on arrival order: runs are reproducible and every
 *           client meets exactly the same 503s for the same logical requests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ServerMode = 'ok' | 'outage' | 'flaky';
export type ToServer =
  | { type: 'reset'; mode: ServerMode; rate: number; seed: number }
  | { type: 'stats' };
export type FromServer =
  | { type: 'listening'; port: number }
  | { type: 'reset' }
  | { type: 'stats'; counts: Array<[string, number]>; withoutId: number };

const OK_BODY = '{"status":"ok"}';
const UNAVAILABLE_BODY = JSON.stringify({
  error: { code: 'service_unavailable', message: 'The service is unavailable; try again later.' },
});

let mode: ServerMode = 'ok';
let rate = 0;
let seed = 0;
let counts = new Map<string, number>();
let withoutId = 0;

/** FNV-1a over the string, mixed with the seed, then murmur3's finaliser: a uniform in [0, 1). */
function uniform(key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

const server = createServer((req, res) => {
  const header = req.headers['x-logical-id'];
  const id = typeof header === 'string' ? header : undefined;
  let attempt = 1;
  if (id === undefined) withoutId++;
  else {
    attempt = (counts.get(id) ?? 0) + 1;
    counts.set(id, attempt);
  }
  const fail = mode === 'outage' || (mode === 'flaky' && uniform(`${id ?? ''}#${attempt}`) < rate);
  req.resume();
  if (fail) {
    res.writeHead(503, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(UNAVAILABLE_BODY),
    });
    res.end(UNAVAILABLE_BODY);
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(OK_BODY),
  });
  res.end(OK_BODY);
});
server.keepAliveTimeout = 60_000;

function send(message: FromServer): void {
  process.send?.(message);
}

process.on('message', (message: ToServer) => {
  if (message.type === 'reset') {
    mode = message.mode;
    rate = message.rate;
    seed = message.seed;
    counts = new Map();
    withoutId = 0;
    send({ type: 'reset' });
  } else if (message.type === 'stats') {
    send({ type: 'stats', counts: [...counts], withoutId });
  }
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});

server.listen(0, '127.0.0.1', () => {
  send({ type: 'listening', port: (server.address() as AddressInfo).port });
});
