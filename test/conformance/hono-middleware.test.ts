import { startVault } from '../helpers/vault.js';
import { vaultConformance } from './vault-suite.js';

// The vault's Hono entry serves `errata.fetch(app)`; this runs the same suite with errata as the
// app's first middleware instead (`app.use(errata.middleware)`), the other supported setup.
vaultConformance('hono (middleware)', (options) => startVault('hono', options, 'middleware'));
