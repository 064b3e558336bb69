import { startNestVault } from '../helpers/vault-nestjs.js';
import { vaultConformance } from './vault-suite.js';

vaultConformance('nestjs-express', (options) => startNestVault('express', options));
