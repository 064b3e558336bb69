/**
 * Counting what Redis ran, for the Redis benches (rate-limit-redis, idempotency): MONITOR on a
 * raw socket between two ECHO markers sent on another connection.
 */
import { connect } from 'node:net';
import type { Redis } from 'ioredis';

/** Commands counted by MONITOR, by name: sent by clients, and run inside scripts. */
export type Counted = { client: Map<string, number>; scripted: Map<string, number> };

/**
 * What the server ran between two ECHO markers, from MONITOR: commands sent by clients (each
 * MULTI, EXEC and command between them counts as one) and commands run by scripts (`[0 lua]`).
 */
export async function monitored(port: number, admin: Redis, during: () => Promise<void>) {
  const socket = connect(port, '127.0.0.1');
  const lines: string[] = [];
  let buffered = '';
  let waiting: { marker: string; resolve: () => void } | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\r\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (waiting !== undefined && line.includes(`"${waiting.marker}"`)) waiting.resolve();
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => resolve());
  });
  socket.write('MONITOR\r\n');
  // The monitor feed is in the server's order, so once a marker shows, all before it has too.
  const mark = async (marker: string) => {
    const seen = new Promise<void>((resolve) => {
      waiting = { marker, resolve };
    });
    for (;;) {
      await admin.echo(marker);
      const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 200));
      if ((await Promise.race([seen, timer])) !== 'late') return;
    }
  };
  await mark('bench-start');
  const from = lines.length;
  await during();
  await mark('bench-end');
  socket.destroy();
  const counted: Counted = { client: new Map(), scripted: new Map() };
  for (const line of lines.slice(from)) {
    const m = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"/.exec(line);
    if (m === null) continue;
    const [, source, command] = m as unknown as [string, string, string];
    if (command.toLowerCase() === 'echo') continue;
    const into = source === 'lua' ? counted.scripted : counted.client;
    into.set(command.toLowerCase(), (into.get(command.toLowerCase()) ?? 0) + 1);
  }
  return counted;
}
