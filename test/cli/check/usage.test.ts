import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { startServer } from '../../helpers/server.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { startBrokenServer } from './fixtures/broken-server.js';

/** A URL nothing listens at: a port the OS handed out and took back. */
async function deadUrl(): Promise<string> {
  const server = await startServer((_req, res) => res.end());
  await server.close();
  return server.url;
}

describe('errata check usage', { timeout: 120_000 }, () => {
  it('prints its help', async () => {
    const run = await cli(['check', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: errata check <base-url>/);
    expect(run.stdout).toContain('--route METHOD:/path');
  });

  const BAD: [string, string[], RegExp][] = [
    ['no URL', ['check'], /expected <base-url>, got 0 argument/],
    ['two URLs', ['check', 'http://a', 'http://b'], /expected <base-url>, got 2/],
    ['not a URL', ['check', 'localhost 3000'], /not a URL: "localhost 3000"/],
    ['not http', ['check', 'ftp://example.com'], /must be http or https; got ftp:/],
    ['a query', ['check', 'http://127.0.0.1:1/?a=1'], /no query, fragment or credentials/],
    [
      'unknown --wire',
      ['check', 'http://127.0.0.1:1', '--wire', 'soap'],
      /--wire must be one of problem, envelope/,
    ],
    [
      'bad --route',
      ['check', 'http://127.0.0.1:1', '--route', '/v1/items'],
      /--route must be METHOD:\/path/,
    ],
    [
      'bad --header',
      ['check', 'http://127.0.0.1:1', '--header', 'no colon'],
      /--header must be 'Name: value'/,
    ],
    [
      'bad --max-body',
      ['check', 'http://127.0.0.1:1', '--max-body', '0'],
      /--max-body must be an integer from 1/,
    ],
    [
      'bad --timeout',
      ['check', 'http://127.0.0.1:1', '--timeout', '5s'],
      /--timeout must be an integer/,
    ],
    [
      '--export alone',
      ['check', 'http://127.0.0.1:1', '--export', 'x'],
      /--export needs --catalog/,
    ],
    ['unknown flag', ['check', 'http://127.0.0.1:1', '--fast'], /Unknown option '--fast'/],
    [
      'missing catalog',
      ['check', 'http://127.0.0.1:1', '--catalog', 'nope.ts'],
      /no such catalog module: nope\.ts/,
    ],
    [
      'a module without a catalog',
      ['check', 'http://127.0.0.1:1', '--catalog', 'test/cli/check/fixtures/not-a-catalog.ts'],
      /exports no catalog/,
    ],
  ];
  for (const [name, argv, reason] of BAD) {
    it(`exits 2 with one line on ${name}`, async () => {
      const run = await cli(argv);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(reason);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }

  it('exits 2 when nothing listens at the URL', async () => {
    const url = await deadUrl();
    const run = await cli(['check', url]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `errata check: cannot connect to ${url} (ECONNREFUSED)\n`,
    });
  });
});

describe('errata check output', { timeout: 120_000 }, () => {
  it('writes the same text for the same server behaviour', async () => {
    const server = await startBrokenServer('no-retry-after');
    try {
      const first = await cli(['check', server.url, '--wire', 'envelope']);
      const second = await cli(['check', server.url, '--wire', 'envelope']);
      expect(first.code).toBe(1);
      expect(second).toEqual(first);
      expect(first.stdout).not.toMatch(/req_|\d+ ?ms\b/);
      expect(first.stdout.split('\n').slice(0, 4)).toEqual([
        `errata check ${server.url}/ (wire envelope, no catalog)`,
        '',
        'PROBE                    REQUEST                            STATUS  FORMAT    CODE             RESULT  FINDINGS',
        'unknown-path             GET /errata-check/does-not-exist   404     envelope  not_found        ok',
      ]);
      expect(first.stdout).toContain(
        'wrong-method             PATCH /                            429     envelope  rate_limited     FAIL    retry-after\n',
      );
      expect(first.stdout).toMatch(/\n13 probes, 1 failed, 1 finding\.\n$/);
    } finally {
      await server.close();
    }
  });

  it('writes JSON for machines, to --out', async () => {
    const server = await startBrokenServer('no-retry-after');
    const { dir, cleanup } = await makeTempDir('errata-check-');
    try {
      const out = join(dir, 'report', 'check.json');
      const run = await cli(['check', `${server.url}/api`, '--json', '--out', out]);
      expect(run).toEqual({ code: 1, stdout: '', stderr: '' });
      const report = JSON.parse(await readFile(out, 'utf8'));
      expect(Object.keys(report)).toEqual(['ok', 'url', 'wire', 'catalog', 'probes', 'findings']);
      expect(report).toMatchObject({
        ok: false,
        url: `${server.url}/api`,
        wire: null,
        catalog: null,
        findings: 1,
      });
      expect(report.probes).toHaveLength(13);
      expect(report.probes[0]).toEqual({
        probe: 'unknown-path',
        method: 'GET',
        target: '/api/errata-check/does-not-exist',
        status: 404,
        format: 'envelope',
        code: 'not_found',
        findings: [],
      });
      expect(report.probes[2]).toEqual({
        probe: 'wrong-method',
        method: 'PATCH',
        target: '/api',
        status: 429,
        format: 'envelope',
        code: 'rate_limited',
        findings: [{ check: 'retry-after', message: 'a 429 without Retry-After' }],
      });
    } finally {
      await server.close();
      await cleanup();
    }
  });

  it('picks the catalog named by --export and sends --header on every probe', async () => {
    const seen: (string | undefined)[] = [];
    const server = await startServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}');
    });
    try {
      const run = await cli([
        'check',
        server.url,
        '--catalog',
        'examples/vault/catalog.ts',
        '--export',
        'vaultCatalog',
        '--header',
        'Authorization: Bearer probe-token',
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('(any errata wire format, catalog examples/vault/catalog.ts)');
      // A plain `{ message }` with no request id or no-store: found, not crashed on.
      expect(run.stdout).toContain(
        'unknown-path             GET /errata-check/does-not-exist   404     message',
      );
      expect(run.stdout).toContain('request-id-missing, cache-control');
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set(['Bearer probe-token']));
    } finally {
      await server.close();
    }
  });
});
