import { connect, createServer, type Socket } from 'node:net';
import type { RunningVault, ServeVault, VaultOptions } from '../conformance/vault-suite.js';
import { type Runtime, startRuntime } from './runtimes.js';

type Report = {
  error: { isError: boolean; name?: string; message?: string };
  info: { requestId: string; method: string; url: string };
};

/** A reported error as the suite expects it: an Error when the original was one. */
function revive(error: Report['error']): unknown {
  if (!error.isError) return error.message;
  const revived = new Error(error.message);
  if (error.name !== undefined) revived.name = error.name;
  return revived;
}

/**
 * Serve the conformance suite's vault from `test/runtimes/vault-child.ts` under another runtime,
 * behind a byte-for-byte TCP relay on this side: raw requests, hostile headers and connection
 * closes reach the runtime's own server unchanged. Before relaying a client's bytes the relay
 * sets the child's clock to the suite's (`now`), and before relaying the server's bytes it
 * hands the child's onError reports to the suite's `onError`, so what the suite sees in order
 * is what it would see in-process.
 * @example vaultConformance('bun', runtimeVault('bun'));
 */
export function runtimeVault(runtime: Runtime): ServeVault {
  return async (options: VaultOptions): Promise<RunningVault> => {
    const { now, onError, ...rest } = options;
    const child = startRuntime(runtime, 'test/runtimes/vault-child.ts', {
      VAULT_OPTIONS: JSON.stringify(rest),
      VAULT_NOW: String(now?.() ?? Date.now()),
    });
    const [app, control] = await Promise.all([
      child.line('listening on'),
      child.line('control on'),
    ]);
    const target = new URL(app);
    let sentClock = now?.();

    const syncClock = async () => {
      const clock = now?.();
      if (clock === undefined || clock === sentClock) return;
      sentClock = clock;
      await fetch(`${control}/clock`, { method: 'POST', body: String(clock) });
    };
    const drainErrors = async () => {
      const res = await fetch(`${control}/errors`);
      for (const report of (await res.json()) as Report[])
        onError(revive(report.error), report.info);
    };

    const sockets = new Set<Socket>();
    const relay = createServer({ allowHalfOpen: true }, (client) => {
      const server = connect({
        port: Number(target.port),
        host: target.hostname,
        allowHalfOpen: true,
      });
      sockets.add(client);
      sockets.add(server);
      // One chain per direction keeps the bytes in order while the control calls run.
      let up = Promise.resolve();
      let down = Promise.resolve();
      const pipe = (
        from: Socket,
        to: Socket,
        before: () => Promise<void>,
        chain: 'up' | 'down',
      ) => {
        const step = (work: () => void) => {
          const next = (chain === 'up' ? up : down).then(before).then(work, () => {
            to.destroy();
          });
          if (chain === 'up') up = next;
          else down = next;
        };
        from.on('data', (chunk: Buffer) =>
          step(() => {
            to.write(chunk);
          }),
        );
        let ended = false;
        from.on('end', () => {
          ended = true;
          step(() => {
            to.end();
          });
        });
        // A close without an end (a reset, a cut response) is passed on as one.
        from.on('close', (hadError: boolean) => {
          if (hadError || !ended) {
            step(() => {
              to.destroy();
            });
          }
        });
        from.on('error', () => to.destroy());
      };
      pipe(client, server, syncClock, 'up');
      pipe(server, client, drainErrors, 'down');
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const address = relay.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      async close() {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => relay.close(() => resolve()));
        await child.stop();
      },
    };
  };
}
