import { createServer, type RequestListener } from 'node:http';
import { toNodeHandler } from 'srvx/node';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import { createVaultFetchApp } from '../../examples/vault/fetch-app.js';
import type { VaultAppOptions } from '../../examples/vault/service.js';
import type { ErrataOptions, FetchHandler } from '../../src/server/fetch/index.js';
import { attachServer } from '../../src/server/node/index.js';
import { type RunningServer, startServer } from './server.js';

/**
 * A fetch handler served on Node through srvx's bridge (`toNodeHandler`), on 127.0.0.1:0, with
 * errata/node's `attachServer` on the bridge's server as examples/vault/fetch.ts wires it.
 * @example const running = await startFetch(app.fetch, { format: 'envelope' });
 */
export function startFetch(
  fetch: FetchHandler,
  options: ErrataOptions = {},
): Promise<RunningServer> {
  const listener = toNodeHandler(fetch) as RequestListener;
  const server = attachServer(createServer(listener), {
    catalog: vaultCatalog,
    format: 'envelope',
    ...options,
  });
  return startServer(server);
}

/**
 * The vault example on errata/fetch, served on Node through srvx.
 * @example const vault = await startFetchVault({ format: 'problem' }); await vault.close();
 */
export function startFetchVault(options: VaultAppOptions = {}): Promise<RunningServer> {
  return startFetch(createVaultFetchApp(options).fetch, { format: options.format ?? 'envelope' });
}
