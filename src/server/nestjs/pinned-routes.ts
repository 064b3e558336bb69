import { RequestMethod } from '@nestjs/common';
import type { Format } from '../../formats/types.js';
import { compilePath, matchPath, type PathPattern } from '../router.js';
import { ERRATA_FORMAT } from './decorators.js';

// The routes whose errors `@ErrataFormat()` pins, read once from Nest's metadata (controllers
// of every module): the interceptor knows the pin of the route it runs for, but a refusal of a
// guard or Nest middleware comes before it, and a 405 has no route at all. Paths are matched
// as errata/node matches them (`:param` segments; Nest wildcards are left out), under no
// global prefix.

/** A controller method whose errors render in a pinned format. */
type PinnedRoute = { methods: ReadonlySet<string>; pattern: PathPattern; format: Format };

/**
 * What errata reads of Nest's module container: modules with their controllers' classes.
 * @example const modules: ModulesLike = { [Symbol.iterator]: () => container.values() };
 */
export type ModulesLike = Iterable<{ controllers: Map<unknown, { metatype?: unknown }> }>;

type Metadata = (key: string, target: object) => unknown;

function pathsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [''];
}

function join(controller: string, route: string): string {
  const parts = [controller, route].map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '');
  return `/${parts.join('/')}`;
}

/**
 * The pinned routes of an application.
 * @example pinnedRoutes(modules, (key, target) => Reflect.getMetadata(key, target))
 */
export function pinnedRoutes(modules: ModulesLike, metadata: Metadata): PinnedRoute[] {
  const routes: PinnedRoute[] = [];
  for (const module of modules) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype;
      if (typeof type !== 'function') continue;
      const classPin = metadata(ERRATA_FORMAT, type) as Format | undefined;
      const prototype = (type as { prototype: Record<string, unknown> }).prototype;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const format = (metadata(ERRATA_FORMAT, handler) as Format | undefined) ?? classPin;
        const method = metadata('method', handler);
        if (format === undefined || typeof method !== 'number') continue;
        const verb = RequestMethod[method] as string | undefined;
        if (verb === undefined) continue;
        for (const base of pathsOf(metadata('path', type))) {
          for (const path of pathsOf(metadata('path', handler))) {
            try {
              const pattern = compilePath(join(base, path));
              const methods = new Set(verb === 'ALL' ? ['*'] : [verb]);
              routes.push({ methods, pattern, format });
            } catch {
              // A wildcard or regexp path errata's matcher does not read: no pin for its 405.
            }
          }
        }
      }
    }
  }
  return routes;
}

/**
 * The format a route of `methods` matching `path` pins, if any.
 * @example pinOfPath(routes, '/v1/debug/pinned', ['GET']) // the jsonapi Format
 */
export function pinOfPath(
  routes: readonly PinnedRoute[],
  path: string,
  methods: readonly string[],
): Format | undefined {
  if (routes.length === 0) return undefined;
  const parts = path.slice(1).split('/');
  for (const route of routes) {
    if (!route.methods.has('*') && !methods.some((m) => route.methods.has(m))) continue;
    const matched = matchPath(route.pattern, parts);
    if (matched !== undefined && matched !== 'bad-encoding') return route.format;
  }
  return undefined;
}
