import { METHODS } from '../router.js';

// Which methods the platform's router answers on a path, for the 405 of a path Nest's router
// found no route of the request's method for. Nest registers every route on the platform's own
// router, so that router is asked, with its own matching rules (case, trailing slash, params):
// Express 5's stack (one layer per `app.get/put/…(path)`, `layer.route.methods`), Fastify's
// `findRoute()`. Only those members are read, each defensively: an unknown shape counts as "no
// route here", never as a crash.

/**
 * The platform router view the 405 needs: the methods whose routes match a path.
 * @example const methods: MethodsOf = expressMethods(app); methods('/v1/x', '/v1/x') // Set { 'GET' }
 */
export type MethodsOf = (url: string, path: string) => Set<string>;

/** What errata reads of an Express router layer. */
type LayerLike = {
  route?: { methods?: Record<string, unknown> } | undefined;
  match?: (path: string) => unknown;
};

/**
 * The methods of the Express routes (upper-case; `_ALL` for `.all()`) matching a path.
 * @example expressMethods(adapter.getInstance())('/v1/secrets/db', '/v1/secrets/db') // Set { 'GET', 'PUT', 'DELETE' }
 */
export function expressMethods(app: unknown): MethodsOf {
  return (_url, path) => {
    const found = new Set<string>();
    const stack = (app as { router?: { stack?: unknown } } | null)?.router?.stack;
    if (!Array.isArray(stack)) return found;
    for (const entry of stack) {
      const layer = entry as LayerLike | null;
      const methods = layer?.route?.methods;
      if (typeof methods !== 'object' || methods === null) continue;
      if (typeof layer?.match !== 'function') continue;
      let matched: unknown;
      try {
        matched = layer.match(path);
      } catch {
        // A malformed percent-encoding: Express answers that path with 400 before any 405.
        matched = false;
      }
      if (matched === false || matched === undefined || matched === null) continue;
      for (const name of Object.keys(methods)) if (methods[name]) found.add(name.toUpperCase());
    }
    return found;
  };
}

/** What errata reads of a Fastify instance. */
type FindRoute = { findRoute(options: { method: string; url: string }): unknown };

/**
 * The methods of the Fastify routes matching a URL (Fastify's router, params and all).
 * @example fastifyMethods(fastify, () => [])('/v1/secrets/db', '/v1/secrets/db') // Set { 'GET', 'HEAD', … }
 */
export function fastifyMethods(instance: unknown, extra: () => Iterable<string>): MethodsOf {
  return (url) => {
    const found = new Set<string>();
    const fastify = instance as Partial<FindRoute> | null;
    if (typeof fastify?.findRoute !== 'function') return found;
    for (const method of [...METHODS, ...extra()]) {
      try {
        if (fastify.findRoute({ method, url }) !== null) found.add(method);
      } catch {
        // An unknown method or a URL the router refuses: no route.
      }
    }
    return found;
  };
}
