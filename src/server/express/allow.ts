import type { Format } from '../../formats/types.js';
import { pinOf } from '../pinned-format.js';
import { allowList } from '../router.js';

// Which methods an Express 5 router answers on a path, found by walking its stack. Express 5
// (router 2.x) keeps one layer per `app.get/put/…(path)` or `app.route(path)` call, with
// `layer.route.methods` ({ get: true, put: true, _all?: true }), and one layer per `use()`;
// a mounted `express.Router()` is a `use()` layer whose `handle` has its own `stack`. Only
// these documented-in-practice members are read, each defensively: an unknown shape counts as
// "no route here", never as a crash.

/** What errata reads of an Express router layer. */
type LayerLike = {
  route?: { methods?: Record<string, unknown>; stack?: unknown } | undefined;
  handle?: unknown;
  /** router 2.0–2.2: returns a boolean and stores the matched prefix on `layer.path`. */
  path?: unknown;
  /** router ≥ 2.3 returns `{ path, params }` or false; older ones a boolean. */
  match?: (path: string) => unknown;
};

/** An Express app or router (anything with a router stack). */
export type RouterLike = { stack: readonly unknown[] } | { router: { stack: readonly unknown[] } };

/** The stack of an app or router; undefined when it has none. */
export function stackOf(source: unknown): readonly unknown[] | undefined {
  if (typeof source !== 'function' && (typeof source !== 'object' || source === null)) {
    return undefined;
  }
  const direct = (source as { stack?: unknown }).stack;
  if (Array.isArray(direct)) return direct;
  const router = (source as { router?: { stack?: unknown } }).router;
  return Array.isArray(router?.stack) ? router.stack : undefined;
}

/** The prefix a `use()` layer matched, or undefined when it did not match. */
function matchedPrefix(layer: LayerLike, path: string): string | undefined {
  if (typeof layer.match !== 'function') return undefined;
  let result: unknown;
  try {
    result = layer.match(path);
  } catch {
    // A malformed percent-encoding: Express itself answers that path with 400, not 405.
    return undefined;
  }
  if (result === false || result === undefined || result === null) return undefined;
  const prefix =
    typeof result === 'object' ? (result as { path?: unknown }).path : (layer.path as unknown);
  return typeof prefix === 'string' ? prefix : undefined;
}

/** Whether a route layer matches the path (route layers match the whole path). */
function matches(layer: LayerLike, path: string): boolean {
  if (typeof layer.match !== 'function') return false;
  try {
    const result = layer.match(path);
    return result !== false && result !== undefined && result !== null;
  } catch {
    return false;
  }
}

/** What a scan of a stack found: the methods, and the first pinned format of a matching route. */
type Scan = { methods: Set<string>; format: Format | undefined };

/** The format pinned inside a route (`app.get(path, errata.format(f), handler)`). */
function routePin(route: { stack?: unknown }): Format | undefined {
  if (!Array.isArray(route.stack)) return undefined;
  for (const entry of route.stack) {
    const pin = pinOf((entry as { handle?: unknown } | null)?.handle);
    if (pin !== undefined) return pin;
  }
  return undefined;
}

/**
 * Collect the lower-case methods of every route in `stack` (and in routers mounted in it) whose
 * path matches, and the format the first of them pins (inside the route, or by a `use()` of
 * `errata.format()` before it in the same or an enclosing router). `_all` (from `.all()`) is
 * collected as is.
 */
function collect(
  stack: readonly unknown[],
  path: string,
  into: Scan,
  depth: number,
  inherited: Format | undefined,
): void {
  if (depth > 16) return;
  let pinned = inherited;
  for (const entry of stack) {
    if (typeof entry !== 'object' || entry === null) continue;
    const layer = entry as LayerLike;
    const route = layer.route;
    if (route !== undefined && route !== null) {
      if (typeof route.methods !== 'object' || route.methods === null) continue;
      if (!matches(layer, path)) continue;
      for (const name of Object.keys(route.methods)) {
        if (route.methods[name]) into.methods.add(name);
      }
      into.format ??= routePin(route) ?? pinned;
      continue;
    }
    const pin = pinOf(layer.handle);
    if (pin !== undefined) {
      if (matchedPrefix(layer, path) !== undefined) pinned = pin;
      continue;
    }
    const inner = stackOf(layer.handle);
    if (inner === undefined || typeof layer.handle !== 'function') continue;
    const prefix = matchedPrefix(layer, path);
    if (prefix === undefined) continue;
    let rest = path.slice(prefix.length);
    if (!rest.startsWith('/')) rest = `/${rest}`;
    collect(inner, rest, into, depth + 1, pinned);
  }
}

/**
 * The `Allow` list for a path (see `allowedMethods`) and the format the matching route pins with
 * `errata.format()`, so its 405 renders as its other errors do. Undefined when no route matches
 * the path, or when one of them answers `method`.
 */
export function allowScan(
  stack: readonly unknown[],
  path: string,
  method: string,
): { allow: string[]; format: Format | undefined } | undefined {
  const scan: Scan = { methods: new Set<string>(), format: undefined };
  collect(stack, path, scan, 0, undefined);
  // Express names methods in lower case (`_all` for app.all).
  const found = new Set([...scan.methods].map((m) => m.toUpperCase()));
  const allow = allowList(found, method.toUpperCase());
  return allow && { allow, format: scan.format };
}

/**
 * The `Allow` list for a path: the methods its routes answer, in METHODS order (then any other
 * method alphabetically), `HEAD` with `GET`, `OPTIONS` always. Undefined when no route matches
 * the path, or when one of them answers `method` (its handler passed the request on: a 404).
 * @example allowedMethods(app.router.stack, '/v1/secrets/db', 'POST') // ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']
 */
export function allowedMethods(
  stack: readonly unknown[],
  path: string,
  method: string,
): string[] | undefined {
  return allowScan(stack, path, method)?.allow;
}
