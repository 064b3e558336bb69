import { z } from 'zod';
import { defineCatalog, idempotencyRoles } from '../../src/index.js';

/** The vault's error vocabulary: stable codes clients branch on. */
export const vaultCatalog = defineCatalog({
  typeBase: 'https://vault.example.com/errors/',
  docsUrl: 'https://vault.example.com/docs/errors',
  domain: 'vault.example.com',
  errors: {
    invalid_path: {
      status: 400,
      title: 'Invalid secret name',
      category: 'validation',
      description:
        'Secret names are 1 to 128 characters: lower-case letters, digits, `_`, `.` and `-`, starting with a letter or digit. Rename the secret and retry.',
      details: z.object({ name: z.string(), pattern: z.string() }),
      message: (d) => `'${d.name}' is not a valid secret name; names must match ${d.pattern}.`,
    },
    secret_not_found: {
      status: 404,
      title: 'Secret not found',
      category: 'not_found',
      description:
        'No secret exists under this name (it was never written or has been deleted). Check the name, or write the secret first.',
      details: z.object({ name: z.string() }),
      message: (d) => `No secret is stored under '${d.name}'.`,
    },
    version_conflict: {
      status: 409,
      title: 'Version conflict',
      category: 'conflict',
      description:
        'The secret changed since you read it: the version in `If-Match` is no longer the current one. Read the secret again, reapply your change, and send the new `ETag`.',
      details: z.object({
        name: z.string(),
        expected: z.string(),
        current_version: z.number().int(),
      }),
      message: (d) =>
        `Secret '${d.name}' is at version ${d.current_version}, not ${d.expected}; read it again before writing.`,
    },
    secret_expired: {
      status: 410,
      title: 'Secret expired',
      category: 'conflict',
      description:
        'The secret outlived its `ttl_seconds` and can no longer be read. Write a new value to revive the name.',
      details: z.object({ name: z.string(), expired_at: z.string() }),
      message: (d) => `Secret '${d.name}' expired at ${d.expired_at}.`,
    },
    maintenance_mode: {
      status: 503,
      title: 'Maintenance in progress',
      category: 'availability',
      description:
        'The vault is in scheduled maintenance and refuses secret operations. Retry after the number of seconds in `Retry-After`.',
      message: 'The vault is under maintenance; retry later.',
      retryAfter: 30,
      retryable: true,
    },
    storage_error: {
      status: 500,
      title: 'Storage error',
      category: 'server',
      description:
        'The secret store failed. Nothing about the cause is exposed; quote the request id when reporting it.',
    },
  },
  // errata's Idempotency-Key entries: writes may carry a key (`IDEMPOTENCY=optional|required`).
  roles: { ...idempotencyRoles },
});

export type VaultCatalog = typeof vaultCatalog;
