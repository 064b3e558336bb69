/**
 * bench:server's two fetch handlers (web-standard `(Request) => Response`, no Node import), the
 * same on Node (srvx), Bun and Deno: a bare one routing and writing its JSON by hand, and
 * errata/fetch with the same two routes.
 *   GET /ok   -> 200 {"status":"ok"}
 *   GET /err  -> 404, the error path
 */
import { errata, type FetchHandler } from '../src/server/fetch/index.js';
import { benchCatalog } from './server-catalog.js';

const json = { 'content-type': 'application/json' };

/** What people write without a library: route by hand, `new Response(JSON.stringify(…))`. */
export function fetchNative(request: Request): Response {
  const { pathname } = new URL(request.url);
  if (request.method === 'GET' && pathname === '/ok') {
    return new Response(JSON.stringify({ status: 'ok' }), { status: 200, headers: json });
  }
  const body = { error: { code: 'secret_not_found', message: 'Secret not found' } };
  return new Response(JSON.stringify(body), { status: 404, headers: json });
}

/** errata/fetch: request id, catalog error, envelope. */
export function fetchErrata(): FetchHandler {
  const app = errata({ catalog: benchCatalog, format: 'envelope' });
  app.route('/ok', { GET: () => ({ body: { status: 'ok' } }) });
  app.route('/err', {
    GET: () => {
      throw benchCatalog.error('secret_not_found');
    },
  });
  return app.fetch;
}
