import { startVault } from '../helpers/vault.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('koa', (options) => startVault('koa', options));
