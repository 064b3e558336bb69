import { getRequestListener } from '@hono/node-server';
import { createVaultHonoApp } from '../../examples/vault/hono-app.js';
import { startServer } from '../helpers/server.js';
import { vaultConformance } from './vault-suite.js';

// Over real sockets through @hono/node-server, exactly as `npm run example:hono` serves it.
vaultConformance('hono', async (options) =>
  startServer(getRequestListener(createVaultHonoApp(options).fetch)),
);
