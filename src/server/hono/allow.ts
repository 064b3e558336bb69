/**
 * The `Allow` header of a path in a Hono app: the methods some route of the app answers there,
 * found with the app's own router (so strict slashes, `:param{regex}` and mounted sub-apps match
 * exactly as they do for requests). No Node built-ins.
 */
import type { Format, FormatName } from '../../formats/types.js';
import { METHODS } from '../router.js';

/**
 * The property the middleware of `errata.format()` carries its pinned format under, so the 405
 * of a path answers in the format its route pins (as the route's own errors do).
 */
export const PINNED_FORMAT = Symbol('errata.format');

/** What errata needs of a Hono app to answer 405: its route list and router. */
export type RoutedApp = {
  readonly routes: readonly { readonly method: string; readonly path: string }[];
  readonly router: {
    match(
      method: string,
      path: string,
    ): readonly [readonly (readonly [unknown, unknown])[], ...unknown[]];
  };
};

/** Methods outside METHODS (`app.on('PURGE', …)`) of each app, by its route count. */
const customMethods = new WeakMap<RoutedApp, { count: number; methods: readonly string[] }>();

function customMethodsOf(app: RoutedApp): readonly string[] {
  const known = customMethods.get(app);
  if (known !== undefined && known.count === app.routes.length) return known.methods;
  const names = new Set<string>();
  for (const route of app.routes) {
    if (route.method !== 'ALL' && !(METHODS as readonly string[]).includes(route.method)) {
      names.add(route.method);
    }
  }
  const methods = [...names].sort();
  customMethods.set(app, { count: app.routes.length, methods });
  return methods;
}

/** Position of a method in `Allow`: METHODS order, then other methods alphabetically. */
function rank(method: string): number {
  const i = (METHODS as readonly string[]).indexOf(method);
  return i === -1 ? METHODS.length : i;
}

/** The route a router match stores: [handler, RouterRoute] ('ALL' for `use` and `all`). */
const methodOf = (stored: unknown): string =>
  (stored as readonly [unknown, { method: string }])[1].method;

/**
 * Whether a route (not middleware: `use`, `all`) of `method` matches `path`, through the app's
 * router. HEAD matches the GET routes, as Hono answers it.
 * @example routeMatchesPath(app, 'GET', '/v1/secrets/db') // true
 */
export function routeMatchesPath(app: RoutedApp, method: string, path: string): boolean {
  const [matches] = app.router.match(method === 'HEAD' ? 'GET' : method, path);
  return matches.some(([stored]) => methodOf(stored) !== 'ALL');
}

/**
 * `Allow` for a path (`GET, HEAD, PUT, DELETE, OPTIONS`), or undefined when no route of any
 * method matches it. HEAD joins GET (Hono answers HEAD with the GET route); OPTIONS is always
 * listed. Middleware (`app.use`, `app.all`) does not make a path known.
 * @example allowOf(app, '/v1/secrets/db') // 'GET, HEAD, PUT, DELETE, OPTIONS'
 */
export function allowOf(app: RoutedApp, path: string): string | undefined {
  const allowed: string[] = [];
  for (const method of [...METHODS, ...customMethodsOf(app)]) {
    const [matches] = app.router.match(method, path);
    // The router stores [handler, RouterRoute]; an 'ALL' entry matches every method.
    const own = matches.some(([stored]) => methodOf(stored) === method);
    if (own) allowed.push(method);
  }
  if (allowed.length === 0) return undefined;
  if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
  if (!allowed.includes('OPTIONS')) allowed.push('OPTIONS');
  return allowed.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).join(', ');
}

/**
 * The format pinned with `errata.format()` by a route of `path` answering one of `methods`
 * (found through the app's router, as Hono would run it), or undefined.
 * @example pinOf(app, '/v1/legacy', ['GET']) // 'stripe'
 */
export function pinOf(
  app: RoutedApp,
  path: string,
  methods: readonly string[],
): FormatName | Format | undefined {
  for (const method of methods) {
    const [matches] = app.router.match(method, path);
    for (const [stored] of matches) {
      const handler = (stored as readonly [unknown, unknown])[0];
      if (typeof handler !== 'function') continue;
      const pin = (handler as { [PINNED_FORMAT]?: FormatName | Format })[PINNED_FORMAT];
      if (pin !== undefined) return pin;
    }
  }
  return undefined;
}
