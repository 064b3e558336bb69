import type { IncomingMessage, ServerResponse } from 'node:http';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../helpers/server.js';

// The client in a real Chromium, where `redirect: 'manual'` gives an opaque redirect (status 0,
// no Location): the runtime must follow, and the client checks where the response came from.
// The page, the bundled client and the API share one origin (`api`); `evil` is another.

/** Chromium's executable, as test/global-setup.ts found it (it stops the run when there is none). */
function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH;
  if (path === undefined)
    throw new Error('CHROMIUM_PATH unset: run the suite with npm test or vitest');
  return path;
}

type Hit = { method: string; url: string; auth: string | undefined; key: string | undefined };

let browser: Browser;
let page: Page;
let api: RunningServer;
let evil: RunningServer;
const apiHits: Hit[] = [];
const evilHits: Hit[] = [];

function hit(req: IncomingMessage): Hit {
  return {
    method: req.method ?? '',
    url: req.url ?? '',
    auth: req.headers.authorization,
    key: String(req.headers['x-api-key'] ?? '') || undefined,
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body = '') {
  res.writeHead(status, headers);
  res.end(body);
}

/** Loads the bundled client and hands `createClient` to the tests (vitest rewrites `import()`). */
const PAGE = `<!doctype html><script type="module">
import { createClient } from '/client.js';
window.createClient = createClient;
</script>`;

beforeAll(async () => {
  const launching = chromium.launch({ executablePath: chromiumPath() });
  launching.catch(() => {});
  const bundle = await build({
    entryPoints: ['src/client/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  evil = await startServer((req, res) => {
    // A hostile target that approves every CORS preflight, credential headers included.
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'authorization, x-api-key, content-type',
    };
    if (req.method === 'OPTIONS') return send(res, 204, cors);
    evilHits.push(hit(req));
    send(res, 200, { ...cors, 'content-type': 'application/json' }, '{"from":"evil"}');
  });
  api = await startServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/') return send(res, 200, { 'content-type': 'text/html' }, PAGE);
    if (url === '/client.js') return send(res, 200, { 'content-type': 'text/javascript' }, script);
    apiHits.push(hit(req));
    if (url === '/a') return send(res, 302, { location: '/b' });
    if (url === '/orders') return send(res, 303, { location: '/orders/7' });
    if (url === '/away') return send(res, 302, { location: `${evil.url}/steal` });
    send(res, 200, { 'content-type': 'application/json' }, JSON.stringify({ at: url }));
  });
  browser = await launching;
  page = await browser.newPage();
  await page.goto(`${api.url}/`);
  await page.waitForFunction(() => 'createClient' in window);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await evil?.close();
});

/** Run `body` in the page with `client` made from the bundle; resolves to what it returns. */
async function inPage(options: Record<string, unknown>, calls: [string, string][]) {
  return page.evaluate(
    async ({ options, calls }) => {
      type Client = {
        get(path: string): Promise<unknown>;
        post(path: string, body: unknown): Promise<unknown>;
      };
      const { createClient } = window as unknown as {
        createClient: (options: Record<string, unknown>) => Client;
      };
      const client = createClient({ baseUrl: location.origin, ...options });
      const out: unknown[] = [];
      for (const [method, path] of calls) {
        try {
          out.push({ ok: await (method === 'POST' ? client.post(path, {}) : client.get(path)) });
        } catch (e) {
          const error = e as { code?: string; details?: unknown; name?: string };
          out.push({ code: error.code ?? error.name, details: error.details });
        }
      }
      return out;
    },
    { options, calls },
  );
}

describe('the client in Chromium', { timeout: 60_000 }, () => {
  it('follows a same-origin redirect; a GET is sent twice once, then never', async () => {
    apiHits.length = 0;
    const out = await inPage({ headers: { 'x-api-key': 'k1' } }, [
      ['GET', '/a'],
      ['GET', '/a'],
    ]);
    expect(out).toEqual([{ ok: { at: '/b' } }, { ok: { at: '/b' } }]);
    expect(apiHits.map((h) => h.url)).toEqual(['/a', '/a', '/b', '/a', '/b']);
    expect(apiHits.every((h) => h.key === 'k1')).toBe(true);
  });

  it('rejects a redirect off the origin with redirect_cross_origin', async () => {
    evilHits.length = 0;
    const out = await inPage(
      { headers: { authorization: 'Bearer t', 'x-api-key': 'k1' }, retry: false },
      [['GET', '/away']],
    );
    expect(out).toEqual([{ code: 'redirect_cross_origin', details: { origin: evil.url } }]);
    // The residual risk followByRuntime documents: Chromium reached the other origin, without
    // Authorization, and with a header its preflight approved.
    expect(evilHits).toEqual([{ method: 'GET', url: '/steal', auth: undefined, key: 'k1' }]);
  });

  it('refuses to send a POST twice to learn that redirects are hidden, then lets them be followed', async () => {
    apiHits.length = 0;
    const out = await inPage({}, [
      ['POST', '/orders'],
      ['POST', '/orders'],
    ]);
    expect(out).toEqual([
      { code: 'redirect_refused', details: undefined },
      { ok: { at: '/orders/7' } },
    ]);
    expect(apiHits.map((h) => `${h.method} ${h.url}`)).toEqual([
      'POST /orders',
      'POST /orders',
      'GET /orders/7',
    ]);
  });
});
