import { startNestVault } from '../helpers/vault-nestjs.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('nestjs-fastify', (options) => startNestVault('fastify', options));
