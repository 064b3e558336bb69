import { startVault } from '../helpers/vault.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('fastify', (options) => startVault('fastify', options));
