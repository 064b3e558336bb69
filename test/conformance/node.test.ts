import { createVaultApp } from '../../examples/vault/app.js';
import { startServer } from '../helpers/server.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('node', async (options) => startServer(createVaultApp(options)));
