import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../../src/index.js';
import { cli } from '../../helpers/cli.js';
import { startVault, VAULT_FRAMEWORKS } from '../../helpers/vault.js';

const CATALOG = 'examples/vault/catalog.ts';

// Each run sends 17 probes, one a 2 MiB body; the first also loads the catalog module through
// jiti (seconds on a busy machine), which the process keeps for the others.
describe('errata check against the vault examples', { timeout: 120_000 }, () => {
  for (const framework of VAULT_FRAMEWORKS) {
    for (const format of FORMAT_NAMES) {
      it(`passes the ${framework} vault in ${format}`, async () => {
        const reported: unknown[] = [];
        const vault = await startVault(framework, { format, onError: (e) => reported.push(e) });
        try {
          const run = await cli([
            'check',
            vault.url,
            '--catalog',
            CATALOG,
            '--wire',
            format,
            '--route',
            'PUT:/v1/secrets/check-probe',
          ]);
          expect(run.stderr).toBe('');
          expect(run.stdout).toContain('17 probes, 0 failed, 0 findings.');
          expect(run.code).toBe(0);
          // No probe made the vault fail: every answer was a deliberate refusal.
          expect(reported).toEqual([]);
        } finally {
          await vault.close();
        }
      });
    }
  }

  // Rate limiting adds middleware: Hono then composes, which once turned unknown paths into
  // empty 200s. Every probe must still get its cataloged error, with the rate-limit headers.
  for (const framework of VAULT_FRAMEWORKS) {
    it(`passes the rate-limited ${framework} vault`, async () => {
      const reported: unknown[] = [];
      const vault = await startVault(framework, {
        format: 'problem',
        rateLimit: { limit: 1000, windowSeconds: 60 },
        rateLimitHeaders: 'both',
        onError: (e) => reported.push(e),
      });
      try {
        const run = await cli(['check', vault.url, '--catalog', CATALOG, '--wire', 'problem']);
        expect(run.stdout).toMatch(/ 0 failed, 0 findings\./);
        expect(run.code).toBe(0);
        expect(reported).toEqual([]);
      } finally {
        await vault.close();
      }
    });
  }
});
