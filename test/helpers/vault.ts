import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createVaultApp } from '../../examples/vault/app.js';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import { createVaultExpressApp } from '../../examples/vault/express-app.js';
import { createVaultFastifyApp } from '../../examples/vault/fastify-app.js';
import { createVaultHono, type VaultHonoSetup } from '../../examples/vault/hono-app.js';
import { createVaultKoaApp } from '../../examples/vault/koa-app.js';
import type { VaultAppOptions } from '../../examples/vault/service.js';
import { attachServer } from '../../src/server/node/index.js';
import { type RunningServer, startFastify, startServer } from './server.js';
import { startFetchVault } from './vault-fetch.js';

import type { VaultFramework } from './vault-process.js';

export { VAULT_FRAMEWORKS, type VaultFramework } from './vault-process.js';

/** A vault example listening on 127.0.0.1 and a free port. */
export type RunningVault = RunningServer;

/**
 * Start the vault of one framework in this process, on 127.0.0.1:0, wired exactly as its entry
 * point (examples/vault/<framework>.ts) wires it: `attachServer` included, so what never reaches
 * the framework (parser errors, no Host, `OPTIONS *`, stalls) is answered in the vault's format.
 * @example const vault = await startVault('hono', { format: 'problem' }); await vault.close();
 */
export async function startVault(
  framework: VaultFramework,
  options: VaultAppOptions = {},
  honoSetup: VaultHonoSetup = 'fetch',
): Promise<RunningVault> {
  // Express and Hono leave the node:http server to the entry point: so does attaching errata.
  const attach = (server: Server) =>
    attachServer(server, { catalog: vaultCatalog, format: options.format ?? 'envelope' });
  switch (framework) {
    case 'node':
      return startServer(createVaultApp(options));
    case 'express': {
      return startServer(attach(createServer(createVaultExpressApp(options))));
    }
    case 'fastify':
      return startFastify(createVaultFastifyApp(options));
    case 'fetch':
      return startFetchVault(options);
    case 'koa':
      return startServer(attach(createServer(createVaultKoaApp(options).callback())));
    case 'hono': {
      // What @hono/node-server's serve() builds for `{ fetch, hostname }`.
      const listener = getRequestListener(createVaultHono(options, honoSetup).fetch, {
        hostname: '127.0.0.1',
      });
      return startServer(attach(createServer(listener)));
    }
  }
}
