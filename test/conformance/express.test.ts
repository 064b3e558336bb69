import { createServer } from 'node:http';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import { createVaultExpressApp } from '../../examples/vault/express-app.js';
import { clientErrorHandler } from '../../src/server/express.js';
import { startServer } from '../helpers/server.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('express', async (options) => {
  const server = createServer(createVaultExpressApp(options));
  server.on(
    'clientError',
    clientErrorHandler({ catalog: vaultCatalog, format: options.format ?? 'envelope' }),
  );
  return startServer(server);
});
