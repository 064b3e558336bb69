import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startVault, type VaultFramework } from '../helpers/vault-process.js';

/**
 * Upload `size` bytes to a route that refuses them early (413) on a `Connection: close`
 * request, and return everything the server sent before the connection ended.
 */
function uploadTooMuch(url: string, size: number): Promise<{ received: string; error?: string }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    let error: string | undefined;
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => resolve(error === undefined ? { received } : { received, error }));
    socket.write(
      `PUT /v1/secrets/linger HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < size && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

// Node closes a `Connection: close` socket right after the answer; unread upload bytes then
// make the kernel reset the connection, and a reset can destroy the 413 before the client
// reads it. The adapters linger instead (src/server/linger.ts). The server runs in its own
// process (the example entry): in one process the race hides.
describe('an early 413 reaches a client that is still uploading', { timeout: 90_000 }, () => {
  for (const entry of ['node', 'express', 'fastify'] as VaultFramework[]) {
    it(`${entry}: the client reads the 413, the server closes after`, async () => {
      const vault = startVault(entry, { PORT: '0' });
      try {
        const url = await vault.listening;
        for (let round = 0; round < 3; round++) {
          const { received } = await uploadTooMuch(url, 32 * 1024 * 1024);
          expect(received).toMatch(/^HTTP\/1\.1 413 /);
          expect(received).toContain('payload_too_large');
        }
      } finally {
        await vault.stop();
      }
    });
  }
});
