/**
 * The catalog every bench:server app answers its error route from, in a module of its own (no
 * Node import) so the Bun and Deno servers and the lazily loaded apps share it.
 */
import { defineCatalog } from '../src/index.js';

export const benchCatalog = defineCatalog({
  errors: {
    secret_not_found: { status: 404, title: 'Secret not found', message: 'Secret not found' },
  },
});
