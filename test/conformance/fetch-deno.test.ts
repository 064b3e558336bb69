import { runtimeVault } from '../helpers/runtime-vault.js';
import { vaultConformance } from './vault-suite.js';

// errata/fetch under the real Deno runtime (Deno.serve), the suite's bytes relayed unchanged.
vaultConformance('fetch on deno', runtimeVault('deno'), {
  // The 413 itself is sent at once (id, body, `Connection: close`), but Deno.serve holds the
  // connection open until the request body ends, and a fetch handler has no socket to close.
  'answers 413 to a body streamed past 64 KiB without waiting for its end':
    'Deno.serve closes the connection only once the request body ends',
});
