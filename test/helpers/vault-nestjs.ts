import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createVaultNestApp,
  type VaultNestOptions,
  type VaultNestPlatform,
} from '../../examples/vault/nestjs-app.js';
import type { RunningServer } from './server.js';

/**
 * Start the Nest vault on one platform in this process, on 127.0.0.1:0, wired as its entry
 * point (examples/vault/nestjs.ts) wires it: ErrataModule attaches errata to the node server
 * itself, so what never reaches Nest is answered in the vault's format.
 * @example const vault = await startNestVault('fastify', { format: 'problem' }); await vault.close();
 */
export async function startNestVault(
  platform: VaultNestPlatform,
  options: VaultNestOptions = {},
): Promise<RunningServer> {
  const app = await createVaultNestApp(options, platform);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: async () => {
      server.closeAllConnections();
      await app.close();
    },
  };
}
