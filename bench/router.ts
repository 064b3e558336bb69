/**
 * Route lookup of errata/node (src/server/router.ts through the app's resolver: a linear scan of
 * the routes, segment by segment) against find-my-way 9 (Fastify's radix-tree router), on one
 * realistic table of 32 paths (56 method handlers): static and parametric hits early and late in
 * the table, a 404 and a 405. A 405 with find-my-way needs one `find` per method to build the
 * `Allow` list errata's resolver returns; that is what the find-my-way column does for a miss.
 * Before timing, it checks that both routers agree on every lookup (handler, params, Allow).
 * Run: npx tsx bench/router.ts
 */
import FindMyWay from 'find-my-way';
import { baseCatalog } from '../src/catalog.js';
import type { RouteHandlers } from '../src/server/node/handler.js';
import { compileRoute, type Route, routeResolver } from '../src/server/node/routes.js';
import { METHODS, type Method } from '../src/server/router.js';
import { fmt, measure } from './harness.js';
import { benchRow } from './json-rows.js';

/** A secrets-and-orgs API: the kind of table an errata/node app has. */
const TABLE: [path: string, methods: Method[]][] = [
  ['/healthz', ['GET']],
  ['/readyz', ['GET']],
  ['/metrics', ['GET']],
  ['/v1/openapi.json', ['GET']],
  ['/v1/errors', ['GET']],
  ['/v1/me', ['GET', 'PATCH']],
  ['/v1/users', ['GET', 'POST']],
  ['/v1/users/:userId', ['GET', 'PATCH', 'DELETE']],
  ['/v1/users/:userId/keys', ['GET', 'POST']],
  ['/v1/users/:userId/keys/:keyId', ['GET', 'DELETE']],
  ['/v1/orgs', ['GET', 'POST']],
  ['/v1/orgs/:org', ['GET', 'PATCH', 'DELETE']],
  ['/v1/orgs/:org/members', ['GET', 'POST']],
  ['/v1/orgs/:org/members/:userId', ['GET', 'PATCH', 'DELETE']],
  ['/v1/orgs/:org/projects', ['GET', 'POST']],
  ['/v1/orgs/:org/projects/:project', ['GET', 'PATCH', 'DELETE']],
  ['/v1/orgs/:org/projects/:project/secrets', ['GET', 'POST']],
  ['/v1/orgs/:org/projects/:project/secrets/:name', ['GET', 'PUT', 'DELETE']],
  ['/v1/orgs/:org/projects/:project/secrets/:name/versions', ['GET']],
  ['/v1/orgs/:org/projects/:project/secrets/:name/versions/:version', ['GET']],
  ['/v1/secrets', ['GET', 'POST']],
  ['/v1/secrets/:name', ['GET', 'PUT', 'DELETE']],
  ['/v1/secrets/:name/versions', ['GET']],
  ['/v1/secrets/:name/versions/:version', ['GET']],
  ['/v1/secrets/:name/rotate', ['POST']],
  ['/v1/audit', ['GET']],
  ['/v1/audit/:eventId', ['GET']],
  ['/v1/webhooks', ['GET', 'POST']],
  ['/v1/webhooks/:id', ['GET', 'PATCH', 'DELETE']],
  ['/v1/webhooks/:id/deliveries', ['GET']],
  ['/v1/tokens', ['POST']],
  ['/v1/tokens/:id', ['DELETE']],
];

const LOOKUPS: [label: string, method: string, path: string][] = [
  ['static, 1st route', 'GET', '/healthz'],
  ['static, 31st route', 'POST', '/v1/tokens'],
  ['1 param, 8th route', 'GET', '/v1/users/u_8f14e45f'],
  ['1 param, 22nd route', 'PUT', '/v1/secrets/db-password'],
  ['2 params, 30th route', 'GET', '/v1/webhooks/wh_42/deliveries'],
  ['4 params, 20th route', 'GET', '/v1/orgs/acme/projects/api/secrets/db-password/versions/7'],
  ['404', 'GET', '/v1/nothing/here'],
  ['405 (Allow list)', 'DELETE', '/v1/secrets'],
];

type Found = { handler: unknown; params: Record<string, string> } | { allow: readonly string[] };

// errata/node: the routes as `app.route()` compiles them, resolved as its request pipeline does.
const handlerFor = new Map<string, () => void>();
const routes: Route[] = TABLE.map(([path, methods]) => {
  const handlers: Record<string, () => void> = {};
  for (const m of methods) {
    const h = () => {};
    handlerFor.set(`${m} ${path}`, h);
    handlers[m] = h;
  }
  return compileRoute(path, handlers as RouteHandlers, {});
});
const errata = routeResolver(routes, baseCatalog);
const viaErrata = (method: string, path: string): Found | undefined => {
  const r = errata(method, path);
  if (r === undefined) return undefined;
  // (errata also hands the 405 the route's options, for its format; not compared here.)
  if ('allow' in r) return { allow: r.allow };
  return { handler: r.handler, params: r.params };
};

// find-my-way: the same handlers; HEAD falls back to GET and a miss builds the Allow list, as
// errata does (OPTIONS is answered automatically there, so it joins every Allow list).
const fmw = FindMyWay();
for (const [path, methods] of TABLE) {
  for (const m of methods) fmw.on(m, path, handlerFor.get(`${m} ${path}`) as () => void);
}
const viaFindMyWay = (method: string, path: string): Found | undefined => {
  const hit = fmw.find(method as 'GET', path) ?? (method === 'HEAD' ? fmw.find('GET', path) : null);
  if (hit !== null) return { handler: hit.handler, params: hit.params as Record<string, string> };
  const allow = METHODS.filter((m) => fmw.find(m, path) !== null);
  if (allow.length === 0) return undefined;
  if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD');
  if (!allow.includes('OPTIONS')) allow.push('OPTIONS');
  return { allow: METHODS.filter((m) => allow.includes(m)) };
};

for (const [label, method, path] of LOOKUPS) {
  const a = JSON.stringify(viaErrata(method, path), (_k, v) =>
    typeof v === 'function' ? 'fn' : v,
  );
  const b = JSON.stringify(viaFindMyWay(method, path), (_k, v) =>
    typeof v === 'function' ? 'fn' : v,
  );
  const sameHandler =
    (viaErrata(method, path) as { handler?: unknown } | undefined)?.handler ===
    (viaFindMyWay(method, path) as { handler?: unknown } | undefined)?.handler;
  if (a !== b || !sameHandler) throw new Error(`bench: routers differ on ${label}: ${a} vs ${b}`);
}

console.log(
  `# bench:router — node ${process.version}, ${TABLE.length} paths (${routes.reduce((n, r) => n + Object.keys(r.handlers).length, 0)} handlers); ns per lookup, median of 25 interleaved batches of 20,000\n`,
);
console.log('| lookup | errata/node | find-my-way | errata / find-my-way |');
console.log('|---|---:|---:|---:|');
for (const [label, method, path] of LOOKUPS) {
  const r = measure({
    errata: () => viaErrata(method, path),
    fmw: () => viaFindMyWay(method, path),
  });
  const { errata: e = 0, fmw: f = 0 } = r;
  benchRow(
    {
      bench: 'router',
      case: `${label} ${method} ${path}`,
      errata: e,
      peer: f,
      unit: 'ns',
      target: 1,
    },
    true,
  );
  console.log(`| ${label} \`${method} ${path}\` | ${fmt(e, 0)} | ${fmt(f, 0)} | ${fmt(e / f)}x |`);
}
// A mixed stream: every lookup above in turn (the 404 and 405 included).
let i = 0;
const next = () => LOOKUPS[i++ % LOOKUPS.length] as [string, string, string];
const r = measure({
  errata: () => {
    const [, m, p] = next();
    return viaErrata(m, p);
  },
  fmw: () => {
    const [, m, p] = next();
    return viaFindMyWay(m, p);
  },
});
const { errata: e = 0, fmw: f = 0 } = r;
benchRow({ bench: 'router', case: 'mixed', errata: e, peer: f, unit: 'ns', target: 1 }, true);
console.log(`| all of the above in turn | ${fmt(e, 0)} | ${fmt(f, 0)} | ${fmt(e / f)}x |`);
console.log('');
