import { runtimeVault } from '../helpers/runtime-vault.js';
import { vaultConformance } from './vault-suite.js';

// errata/fetch under the real Bun runtime (Bun.serve), the suite's bytes relayed unchanged.
vaultConformance('fetch on bun', runtimeVault('bun'));
