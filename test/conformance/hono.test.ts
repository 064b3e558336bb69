import { startVault } from '../helpers/vault.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('hono', (options) => startVault('hono', options));
