import { startVault } from '../helpers/vault.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('express', (options) => startVault('express', options));
