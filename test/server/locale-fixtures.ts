import { describe, expect, it } from 'vitest';
import { defineCatalog, idempotencyRoles, parseErrorBody } from '../../src/index.js';
import { rawRequest } from '../helpers/server.js';
import { TYPE_BASE, thingNotFound } from './fixtures.js';

// What the localized-error tests of every adapter share (test/server/<framework>/locale.test.ts):
// a catalog in English, German and French, and one suite each adapter's app runs. The app,
// built the framework's way, has
//
// - a middleware (or, for errata/node, a listener around the app) that calls the adapter's
//   `preferLocale(<view>, <x-user-locale>)` when the request sends `x-user-locale`, the view
//   being the request object named by `x-via` (the first view when absent);
// - `GET /things/:id`: (with `x-forget`, `preferLocale(<view>, undefined)` first; a view the
//   middleware cannot reach, such as errata/node's `ctx`, is set here) throws `thing_not_found`;
// - `GET /vary/:id`: sets the response's `Vary` to `x-vary` the framework's way (`Origin`), then
//   throws `thing_not_found`;
// - `POST /slow/:id`: reads a JSON body the framework's way, on a server errata is attached to
//   with `bodyTimeout: BODY_TIMEOUT_MS`, so a body that stalls gets the server's 408.

/** The catalog of these tests: English (its own), German and French. */
export const localeCatalog = defineCatalog({
  typeBase: TYPE_BASE,
  errors: {
    thing_not_found: thingNotFound,
    request_timeout: {
      status: 408,
      title: 'Request timeout',
      message: 'The request took too long.',
    },
  },
  roles: { ...idempotencyRoles },
  translations: {
    de: {
      errors: {
        thing_not_found: { title: 'Ding nicht gefunden', message: 'Kein Ding {id}.' },
        not_found: { message: 'Hier ist nichts.' },
        method_not_allowed: { message: 'Diese Methode geht hier nicht.' },
        invalid_request: { message: 'Die Anfrage ist ungültig.' },
        request_timeout: { title: 'Zeitüberschreitung', message: 'Die Anfrage kam zu langsam.' },
        internal_error: { title: 'Interner Fehler', message: 'Etwas ging schief.' },
      },
    },
    fr: {
      errors: {
        thing_not_found: { title: 'Chose introuvable', message: 'Aucune chose {id}.' },
        not_found: { message: 'Il n’y a rien ici.' },
        method_not_allowed: { message: 'Cette méthode ne va pas ici.' },
        invalid_request: { message: 'La requête est invalide.' },
        request_timeout: {
          title: 'Délai dépassé',
          message: 'La requête est arrivée trop lentement.',
        },
        internal_error: { title: 'Erreur interne', message: 'Quelque chose a échoué.' },
      },
    },
  },
});

/** The body timeout of the suite's apps, in ms (a stalled body gets the 408 after it). */
export const BODY_TIMEOUT_MS = 200;

/** The message of `thing_not_found` for id 7, by locale. */
export const THING_7 = { en: 'No thing 7.', de: 'Kein Ding 7.', fr: 'Aucune chose 7.' } as const;

/** The header names of a `Vary`, lower-cased, in order. */
export function varyOf(res: Response | { headers: Record<string, string> }): string[] {
  const value =
    res.headers instanceof Headers ? res.headers.get('vary') : (res.headers.vary ?? null);
  return (value ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}

/** A running test app of one adapter. */
export type LocaleApp = { url: string; close(): Promise<void> };

/** How an adapter's locale tests start their app (see the top of this file). */
export type LocaleSuite = {
  /** The adapter, for the test names. */
  name: string;
  start(): Promise<LocaleApp>;
  /** The request objects `x-via` names; the first one is what the middleware uses by default. */
  views: readonly string[];
  /** The adapter's `preferLocale`, for the argument checks. */
  preferLocale(request: never, locale: string | undefined): void;
  /** A request object of the framework to try bad tags on (without a server). */
  sample(): object;
};

async function answer(app: LocaleApp, path: string, headers: Record<string, string>) {
  const res = await fetch(`${app.url}${path}`, { headers });
  const text = await res.text();
  const error = parseErrorBody({ status: res.status, headers: res.headers, body: text });
  return { res, text, error };
}

/**
 * The localized-error tests of one adapter, on a real server.
 * @example localeSuite({ name: 'koa', start, views: ['ctx', 'request', 'req'], preferLocale, sample });
 */
export function localeSuite(suite: LocaleSuite): void {
  const use = async (run: (app: LocaleApp) => Promise<void>) => {
    const app = await suite.start();
    try {
      await run(app);
    } finally {
      await app.close();
    }
  };

  describe(`${suite.name}: localized errors`, () => {
    it('answers in the Accept-Language locale, with Content-Language and Vary', () =>
      use(async (app) => {
        for (const locale of ['de', 'fr', 'en'] as const) {
          const { res, error, text } = await answer(app, '/things/7', {
            'accept-language': locale,
          });
          expect(res.status, text).toBe(404);
          expect(error.code).toBe('thing_not_found');
          expect(error.message).toBe(THING_7[locale]);
          expect(res.headers.get('content-language')).toBe(locale);
          expect(varyOf(res)).toEqual(['accept-language']);
        }
      }));

    for (const view of suite.views) {
      it(`lets the app's preferLocale(${view}) win over Accept-Language, without Vary`, () =>
        use(async (app) => {
          const { res, error, text } = await answer(app, '/things/7', {
            'accept-language': 'de',
            'x-user-locale': 'fr',
            'x-via': view,
          });
          expect(res.status, text).toBe(404);
          expect(error.code).toBe('thing_not_found');
          expect(error.message, text).toBe(THING_7.fr);
          expect(res.headers.get('content-language')).toBe('fr');
          expect(varyOf(res)).not.toContain('accept-language');
        }));
    }

    it('falls back from a preferred tag to a broader one, and to Accept-Language when none', () =>
      use(async (app) => {
        const broader = await answer(app, '/things/7', {
          'accept-language': 'de',
          'x-user-locale': 'fr-CA',
        });
        expect(broader.res.headers.get('content-language')).toBe('fr');
        expect(broader.error.message).toBe(THING_7.fr);
        const unknown = await answer(app, '/things/7', {
          'accept-language': 'de',
          'x-user-locale': 'ja',
        });
        expect(unknown.res.headers.get('content-language')).toBe('de');
        expect(unknown.error.message).toBe(THING_7.de);
        expect(varyOf(unknown.res)).toEqual(['accept-language']);
        // `undefined` forgets a choice made earlier in the request.
        const forgotten = await answer(app, '/things/7', {
          'accept-language': 'de',
          'x-user-locale': 'fr',
          'x-forget': '1',
        });
        expect(forgotten.res.headers.get('content-language')).toBe('de');
      }));

    it("localizes errata's own 404 by the app's choice and by Accept-Language", () =>
      use(async (app) => {
        const chosen = await answer(app, '/nowhere', {
          'accept-language': 'de',
          'x-user-locale': 'fr',
        });
        expect(chosen.res.status, chosen.text).toBe(404);
        expect(chosen.error.code).toBe('not_found');
        expect(chosen.error.message).toBe('Il n’y a rien ici.');
        expect(chosen.res.headers.get('content-language')).toBe('fr');
        const negotiated = await answer(app, '/nowhere', { 'accept-language': 'de' });
        expect(negotiated.error.message).toBe('Hier ist nichts.');
        expect(varyOf(negotiated.res)).toEqual(['accept-language']);
      }));

    it('keeps a Vary the app set before failing, merged and never doubled', () =>
      use(async (app) => {
        const cases: [string, Record<string, string>, string[]][] = [
          ['Origin', { 'accept-language': 'de' }, ['origin', 'accept-language']],
          ['Origin, Accept-Language', { 'accept-language': 'de' }, ['origin', 'accept-language']],
          ['accept-language', {}, ['accept-language']],
          // The app's choice decided: nothing to add, the app's own stays.
          ['Origin', { 'accept-language': 'de', 'x-user-locale': 'fr' }, ['origin']],
        ];
        for (const [vary, headers, expected] of cases) {
          const { res, error, text } = await answer(app, '/vary/7', { ...headers, 'x-vary': vary });
          expect(res.status, text).toBe(404);
          expect(error.code).toBe('thing_not_found');
          expect(varyOf(res), vary).toEqual(expected);
        }
      }));

    it("answers a stalled body (the server's 408) in the app's choice, else by Accept-Language", () =>
      use(async (app) => {
        const port = Number(new URL(app.url).port);
        const stall = (extra: string) =>
          rawRequest(
            port,
            'POST /slow/7 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
              `Accept-Language: de\r\n${extra}Content-Length: 20\r\n\r\n{"a":`,
          );
        const chosen = await stall('X-User-Locale: fr\r\n');
        const error = parseErrorBody({
          status: chosen.status,
          headers: chosen.headers,
          body: chosen.body,
        });
        expect(chosen.status, chosen.body).toBe(408);
        expect(error.code).toBe('request_timeout');
        expect(error.message).toBe('La requête est arrivée trop lentement.');
        expect(chosen.headers['content-language']).toBe('fr');
        expect(varyOf(chosen)).not.toContain('accept-language');
        const negotiated = await stall('');
        expect(negotiated.status, negotiated.body).toBe(408);
        expect(negotiated.headers['content-language']).toBe('de');
        expect(varyOf(negotiated)).toEqual(['accept-language']);
      }));

    it('refuses a value that is not a language tag, or no request', () => {
      const request = suite.sample();
      for (const bad of ['', 'de CH', 'de_CH', '*', 'x'.repeat(9), 'dé']) {
        expect(() => suite.preferLocale(request as never, bad), bad).toThrow(TypeError);
      }
      expect(() => suite.preferLocale(request as never, 42 as never)).toThrow(TypeError);
      expect(() => suite.preferLocale(null as never, 'de')).toThrow(TypeError);
      expect(() => suite.preferLocale(request as never, 'de-CH')).not.toThrow();
      expect(() => suite.preferLocale(request as never, undefined)).not.toThrow();
    });
  });
}
