import type { AddressInfo } from 'node:net';
import { createVaultFastifyApp } from '../../examples/vault/fastify-app.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('fastify', async (options) => {
  const app = createVaultFastifyApp(options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
});
