// `createClient({ locale })` against a real node:http server on port 0 that renders the vault's
// translated catalog (English, German, French) in the language the request's Accept-Language
// negotiates, exactly as `renderError` answers it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import { type ClientOptions, createClient } from '../../src/client/index.js';
import { createClient as createLiteClient } from '../../src/client/lite.js';
import { acceptLanguage, MAX_LOCALES } from '../../src/client/locale-option.js';
import type { FormatName } from '../../src/formats/types.js';
import { renderError } from '../../src/render.js';
import { apiError } from '../helpers/rejection.js';
import { type RunningServer, startServer } from '../helpers/server.js';

type Vault = RunningServer & {
  /** The Accept-Language of every request, as the server received it (undefined: none sent). */
  heard: (string | undefined)[];
  /** The Authorization of every request. */
  authorization: (string | undefined)[];
};

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Every path is a missing secret, rendered in `format` in the negotiated language. */
async function vault(format: FormatName = 'envelope'): Promise<Vault> {
  const heard: (string | undefined)[] = [];
  const authorization: (string | undefined)[] = [];
  const running = await startServer((req: IncomingMessage, res: ServerResponse) => {
    heard.push(req.headers['accept-language']);
    authorization.push(req.headers.authorization);
    const name = decodeURIComponent(req.url?.split('/').pop() ?? '');
    const { status, headers, body } = renderError(
      vaultCatalog.error('secret_not_found', { name }),
      { catalog: vaultCatalog, format, acceptLanguage: req.headers['accept-language'] },
    );
    res.writeHead(status, headers);
    res.end(body);
  });
  servers.push(running);
  return Object.assign(running, { heard, authorization });
}

const client = (url: string, options: Omit<ClientOptions, 'baseUrl'> = {}) =>
  createClient({ baseUrl: url, retry: false, ...options });

describe('createClient({ locale })', () => {
  it("sends `locale: 'de'` as Accept-Language and reads the German error back", async () => {
    const server = await vault();
    const error = await apiError(client(server.url, { locale: 'de' }).get('/v1/secrets/db'));
    expect(error).toMatchObject({ status: 404, code: 'secret_not_found', locale: 'de' });
    expect(error.message).toBe("Unter 'db' ist kein Geheimnis gespeichert.");
    expect(server.heard).toEqual(['de']);
  });

  it('sends a list with weights 0.1 apart, and the server answers in French', async () => {
    const server = await vault();
    const error = await apiError(
      client(server.url, { locale: ['fr-CA', 'en'] }).get('/v1/secrets/db'),
    );
    expect(error.locale).toBe('fr');
    expect(error.message).toBe("Aucun secret n'est enregistré sous « db ».");
    expect(server.heard).toEqual(['fr-CA, en;q=0.9']);
  });

  it('sends it on every request: each helper, request(), and every retry', async () => {
    const server = await vault();
    const c = createClient({
      baseUrl: server.url,
      locale: ['de-CH', 'de', 'en'],
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, statuses: [404] },
    });
    await apiError(c.get('/a'));
    await apiError(c.post('/b', { x: 1 }));
    expect((await c.request('/c', { method: 'DELETE' }).catch((e) => e)).locale).toBe('de');
    // GET and DELETE twice each (retried), the POST once (no Idempotency-Key).
    expect(server.heard).toEqual(Array(5).fill('de-CH, de;q=0.9, en;q=0.8'));
  });

  it("lets a request's own Accept-Language win", async () => {
    const server = await vault();
    const error = await apiError(
      client(server.url, { locale: 'de' }).get('/v1/secrets/db', {
        headers: { 'Accept-Language': 'fr' },
      }),
    );
    expect(error.locale).toBe('fr');
    expect(server.heard).toEqual(['fr']);
  });

  it("adds none without the option: the runtime's fetch decides, the API its own language", async () => {
    const server = await vault();
    const error = await apiError(client(server.url).get('/v1/secrets/db'));
    expect(error).toMatchObject({ locale: 'en', message: "No secret is stored under 'db'." });
    // Node's fetch (undici) sends `*` of its own, as the Fetch standard lets a user agent.
    expect([undefined, '*']).toContain(server.heard[0]);
  });

  it('keeps the locale through the catalog, in every coded format', async () => {
    for (const format of [
      'problem',
      'envelope',
      'google',
      'jsonapi',
      'stripe',
      'success',
    ] as const) {
      const server = await vault(format);
      const c = client(server.url, { locale: 'de', catalog: vaultCatalog });
      const error = await apiError(c.get('/v1/secrets/db'));
      expect(c.is(error, 'secret_not_found'), format).toBe(true);
      expect(error.locale, format).toBe('de');
      expect(error.message, format).toContain("Unter 'db'");
    }
  });

  it('errata/client/lite takes the same option', async () => {
    const server = await vault('google');
    const lite = createLiteClient({
      baseUrl: server.url,
      retry: false,
      locale: ['fr', 'de'] as const,
    });
    const error = await apiError(lite.get('/v1/secrets/db'));
    expect(error).toMatchObject({ format: 'google', locale: 'fr' });
    expect(error.message).toContain('Aucun secret');
    expect(server.heard).toEqual(['fr, de;q=0.9']);
  });

  it('is no credential: it goes along a redirect to another origin that drops them', async () => {
    const other = await vault();
    const api = await startServer((_req, res) => {
      res.writeHead(307, { location: `${other.url}/v1/secrets/db` }).end();
    });
    servers.push(api);
    const c = createClient({
      baseUrl: api.url,
      headers: { authorization: 'Bearer t' },
      locale: 'de',
      redirects: 'strip-credentials',
      retry: false,
    });
    const error = await apiError(c.get('/v1/secrets/db'));
    expect(error.locale).toBe('de');
    expect(other.heard).toEqual(['de']);
    expect(other.authorization).toEqual([undefined]);
  });
});

describe('the locale option, checked when the client is made', () => {
  const make = (locale: unknown, headers?: HeadersInit) => () =>
    createClient({ baseUrl: 'http://api.test', locale: locale as string, headers });

  it.each([
    ['de_DE', /"de_DE"/],
    ['*', /"\*"/],
    ['', /""/],
    [' de', /" de"/],
    [`de-${'a'.repeat(70)}`, /is no language tag/],
    [5, /number is no language tag/],
    [null, /object is no language tag/],
    [['de', 'en_GB'], /"en_GB"/],
    [[], /1 to 10 language tags, not 0/],
    [Array.from({ length: 11 }, (_, i) => `x${i}`.replace(/\d/, 'a'.repeat(i + 1))), /not 11/],
    [['de', 'DE'], /"DE" twice/],
  ])('refuses %j with a TypeError that names it', (locale, message) => {
    expect(make(locale)).toThrow(TypeError);
    expect(make(locale)).toThrow(message);
  });

  it('refuses both the option and an Accept-Language in headers', () => {
    expect(make('de', { 'accept-language': 'fr' })).toThrow(/not both/);
    expect(make(undefined, { 'accept-language': 'fr' })).not.toThrow();
  });

  it('weighs up to ten tags from 1 down to 0.1', () => {
    const tags = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(tags).toHaveLength(MAX_LOCALES);
    expect(acceptLanguage(tags)).toBe(
      'a, b;q=0.9, c;q=0.8, d;q=0.7, e;q=0.6, f;q=0.5, g;q=0.4, h;q=0.3, i;q=0.2, j;q=0.1',
    );
    expect(acceptLanguage('de-CH')).toBe('de-CH');
    expect(acceptLanguage(['de-CH'])).toBe('de-CH');
    expect(acceptLanguage(undefined)).toBeUndefined();
  });
});
