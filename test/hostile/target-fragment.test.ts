/**
 * The adapters agree on a request target that carries a fragment (`#…`, which a client never
 * sends but a raw socket can): every one answers for the path before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/server.js';
import { type RunningVault, startVault, VAULT_FRAMEWORKS } from '../helpers/vault.js';

describe.each(VAULT_FRAMEWORKS)('%s: a fragment in the request target', (framework) => {
  let vault: RunningVault;
  beforeAll(async () => {
    vault = await startVault(framework, {});
    const put = await fetch(`${vault.url}/v1/secrets/db`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 's3cret' }),
    });
    expect(put.status).toBe(201);
  });
  afterAll(() => vault.close());

  it('reads the secret of the path before the fragment', async () => {
    const res = await rawRequest(vault.port, 'GET /v1/secrets/db#frag HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ name: 'db', value: 's3cret' });
  });
});
