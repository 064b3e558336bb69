import { startFetchVault } from '../helpers/vault-fetch.js';
import { vaultConformance } from './vault-suite.js';

// errata/fetch on Node, through srvx's Request/Response bridge.
vaultConformance('fetch', (options) => startFetchVault(options));
