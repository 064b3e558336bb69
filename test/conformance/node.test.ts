import { startVault } from '../helpers/vault.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('node', (options) => startVault('node', options));
