// The vault on errata/fetch, run by another runtime (Bun, Deno; Node for the bridge's own test)
// for the conformance suite: its options from VAULT_OPTIONS (JSON), its clock and its onError
// reports through a control server the test process drives (test/helpers/runtime-vault.ts).
// Prints `listening on <url>` and `control on <url>`.
import { createVaultFetchApp } from '../../examples/vault/fetch-app.js';
import { serveFetch } from '../../examples/vault/fetch-serve.js';
import type { VaultAppOptions } from '../../examples/vault/service.js';

/** What onError received, as JSON: enough for the suite's checks on the test side. */
type Report = {
  error: { isError: boolean; name?: string; message?: string };
  info: { requestId: string; method: string; url: string };
};

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
const options = JSON.parse(env?.VAULT_OPTIONS ?? '{}') as Omit<VaultAppOptions, 'now' | 'onError'>;
let clock = Number(env?.VAULT_NOW ?? Date.now());
const reports: Report[] = [];

/** A thrown value as JSON; one that throws when inspected is recorded as such. */
function describe(error: unknown): Report['error'] {
  try {
    if (error instanceof Error) return { isError: true, name: error.name, message: error.message };
    return { isError: false, message: String(error) };
  } catch {
    return { isError: false, message: '(a value that throws when inspected)' };
  }
}

const app = createVaultFetchApp({
  ...options,
  now: () => clock,
  onError: (error, info) => {
    reports.push({ error: describe(error), info });
  },
});

const where = { port: 0, host: '127.0.0.1', format: options.format ?? 'envelope' } as const;
const served = await serveFetch(app.fetch, where);
const control = await serveFetch(async (request) => {
  const url = new URL(request.url);
  if (url.pathname === '/clock') {
    clock = Number(await request.text());
    return new Response(null, { status: 204 });
  }
  if (url.pathname === '/errors') return Response.json(reports.splice(0));
  return new Response(null, { status: 404 });
}, where);
console.log(`listening on http://127.0.0.1:${served.port}`);
console.log(`control on http://127.0.0.1:${control.port}`);
