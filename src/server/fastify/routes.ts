import type { FastifyInstance } from 'fastify';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { METHODS, splitTarget } from '../router.js';

// What the plugin learns of an instance's routes as they are declared (its `onRoute` hook), and
// what it answers from that for a path no route of the request's method matches: the `Allow`
// list of its 405, and the format that 405 renders in.

/** A route pinning its errors' format, as `onRoute` saw it. */
type PinnedRoute = { methods: readonly string[]; url: string; format: FormatName | Format };

/** The routes of one plugin instance, as far as 405 answers need them. */
export type KnownRoutes = {
  /** Methods routes were registered with that METHODS does not list (custom ones). */
  readonly extraMethods: Set<string>;
  /** Routes pinning a format, for the 405 of their paths. */
  readonly pinned: PinnedRoute[];
};

export function knownRoutes(): KnownRoutes {
  return { extraMethods: new Set(), pinned: [] };
}

/**
 * Note a route being declared: its custom methods, and the format it pins (checked now, so a
 * wrong format name fails at start-up rather than on the route's first error).
 */
export function noteRoute(
  known: KnownRoutes,
  methods: readonly string[],
  url: string,
  format: FormatName | Format | undefined,
): void {
  for (const method of methods) {
    if (!(METHODS as readonly string[]).includes(method)) known.extraMethods.add(method);
  }
  if (format === undefined) return;
  negotiateFormat({ route: format });
  known.pinned.push({ methods, url, format });
}

/** The `Allow` value of a path no route answers with this method, or undefined (404). */
export function allowOf(
  fastify: FastifyInstance,
  known: KnownRoutes,
  url: string,
): string | undefined {
  const allowed: string[] = [];
  for (const method of METHODS) {
    if (fastify.findRoute({ method, url }) !== null) allowed.push(method);
  }
  const extra: string[] = [];
  for (const method of known.extraMethods) {
    if (fastify.findRoute({ method, url }) !== null) extra.push(method);
  }
  if (allowed.length === 0 && extra.length === 0) return undefined;
  if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.splice(1, 0, 'HEAD');
  if (!allowed.includes('OPTIONS')) allowed.push('OPTIONS');
  return [...allowed, ...extra.sort()].join(', ');
}

const PARAM_IN_URL = /:([A-Za-z0-9_]+)(\((?:\\.|[^\\)])*\))?/g;

/**
 * Whether a route URL (`/v1/secrets/:name`, `/files/*`) with the params find-my-way matched
 * spells the request path: how the 405 handler tells which route of a method matched, since
 * `findRoute()` does not say. An unusual shape (a trailing-slash or case-insensitive match)
 * answers false: the 405 then renders in the app's format.
 */
function spells(url: string, params: Readonly<Record<string, string | undefined>>, path: string) {
  let filled = url.endsWith('*') ? `${url.slice(0, -1)}${params['*'] ?? ''}` : url;
  let missing = false;
  filled = filled.replace(PARAM_IN_URL, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  if (missing) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return filled === decoded;
}

/** The format a route answering `url` under one of `methods` pins, if any. */
export function pinOf(
  fastify: FastifyInstance,
  known: KnownRoutes,
  url: string,
  methods: readonly string[],
): FormatName | Format | undefined {
  if (known.pinned.length === 0) return undefined;
  const path = splitTarget(url)?.path ?? url;
  for (const method of methods) {
    const found = fastify.findRoute({ method, url });
    if (found === null) continue;
    const params = (found.params ?? {}) as Record<string, string | undefined>;
    for (const pinned of known.pinned) {
      if (pinned.methods.includes(method) && spells(pinned.url, params, path)) {
        return pinned.format;
      }
    }
  }
  return undefined;
}
