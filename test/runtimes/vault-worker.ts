// The vault on errata/fetch as a Cloudflare Worker module (`export default { fetch }`), bundled
// by test/examples/workers.test.ts with esbuild and served by workerd, the Workers runtime.
import { createVaultFetchApp } from '../../examples/vault/fetch-app.js';

const errors: string[] = [];
const app = createVaultFetchApp({
  format: 'envelope',
  rateLimit: { limit: 1000, windowSeconds: 60 },
  onError: (error, { requestId }) => {
    errors.push(`${requestId}: ${error instanceof Error ? error.message : String(error)}`);
  },
});

export default {
  fetch(request: Request, env: unknown, ctx: unknown): Response | Promise<Response> {
    // What onError heard, for the test (a Worker has no stdout the test reads reliably).
    if (new URL(request.url).pathname === '/__test/errors') return Response.json(errors);
    return app.fetch(request, env, ctx);
  },
};
