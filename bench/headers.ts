/**
 * The IETF rate-limit headers (`RateLimit-Policy` and `RateLimit`, RFC 8941 lists) of one check,
 * serialized three ways side by side: errata's `rateLimitHeaders` (one pass, only names through
 * `sfString`), errata's generic `sfList` (what `rateLimitHeaders` used before), and the
 * `structured-headers` package's `serializeList`. Then the same inside the memory-store hot path
 * (a `checkSync` plus both headers), to see what each weighs in a whole check.
 * Before timing, it checks that all three print byte-identical headers.
 * Run: npx tsx bench/headers.ts
 */
import { type Item, serializeList } from 'structured-headers';
import { MemoryStore, type Policy, rateLimitHeaders, sfList } from '../src/rate-limit/index.js';
import type { CheckResult } from '../src/rate-limit/types.js';
import { fmt, measure } from './harness.js';
import { benchRow } from './json-rows.js';

const LIMIT = 1_000_000_000; // nothing is refused: the bench measures the headers, not the 429
const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

const policySets: Record<string, Policy[]> = {
  '1 policy': [{ name: 'burst', kind: 'rate', limit: LIMIT, windowMs: 60_000 }],
  '3 policies': [
    { name: 'burst', kind: 'rate', limit: LIMIT, windowMs: 60_000 },
    { name: 'sustained', kind: 'rate', limit: LIMIT, windowMs: 3_600_000 },
    { name: 'daily', kind: 'quota', limit: LIMIT, windowMs: 86_400_000 },
  ],
};

/** The same two headers through errata's generic sfList (items with a params object). */
function viaSfList(result: CheckResult, windowMsOf: (name: string) => number) {
  return {
    'RateLimit-Policy': sfList(
      result.outcomes.map((o) => ({
        value: o.name,
        params: { q: o.limit, w: seconds(windowMsOf(o.name)) },
      })),
    ),
    RateLimit: sfList(
      result.outcomes.map((o) => ({
        value: o.name,
        params: { r: Math.max(0, o.remaining), t: seconds(o.resetMs) },
      })),
    ),
  };
}

/** The same two headers through structured-headers (Items of a string and a parameter Map). */
function viaPackage(result: CheckResult, windowMsOf: (name: string) => number) {
  return {
    'RateLimit-Policy': serializeList(
      result.outcomes.map(
        (o): Item => [
          o.name,
          new Map([
            ['q', o.limit],
            ['w', seconds(windowMsOf(o.name))],
          ]),
        ],
      ),
    ),
    RateLimit: serializeList(
      result.outcomes.map(
        (o): Item => [
          o.name,
          new Map([
            ['r', Math.max(0, o.remaining)],
            ['t', seconds(o.resetMs)],
          ]),
        ],
      ),
    ),
  };
}

console.log(
  `# bench:headers — node ${process.version}, IETF RateLimit + RateLimit-Policy (ns per check; median of 25 interleaved batches of 20,000; ratio = ns / rateLimitHeaders)\n`,
);
console.log(
  '| policies | rateLimitHeaders | sfList | ratio | structured-headers | ratio | checkSync + rateLimitHeaders | checkSync + sfList | checkSync + structured-headers |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [label, policies] of Object.entries(policySets)) {
  const windows = new Map(policies.map((p) => [p.name, p.windowMs]));
  const windowOf = (name: string) => windows.get(name) ?? 0;
  const store = new MemoryStore({ maxKeys: 1_000, sweepIntervalMs: 0 });
  const request = { key: 'hot', policies, cost: 1 };
  const result = store.checkSync(request);
  const ours = JSON.stringify(rateLimitHeaders(result, windowOf, 'ietf'));
  for (const other of [viaSfList(result, windowOf), viaPackage(result, windowOf)]) {
    if (JSON.stringify(other) !== ours) {
      throw new Error(`bench: the serializations differ:\n${ours}\n${JSON.stringify(other)}`);
    }
  }
  const r = measure({
    errata: () => rateLimitHeaders(result, windowOf, 'ietf'),
    list: () => viaSfList(result, windowOf),
    pkg: () => viaPackage(result, windowOf),
    checkErrata: () => rateLimitHeaders(store.checkSync(request), windowOf, 'ietf'),
    checkList: () => viaSfList(store.checkSync(request), windowOf),
    checkPkg: () => viaPackage(store.checkSync(request), windowOf),
  });
  const { errata = 0, list = 0, pkg = 0, checkErrata = 0, checkList = 0, checkPkg = 0 } = r;
  for (const [peer, ns] of [
    ['sf list', list],
    ['structured-headers', pkg],
  ] as const) {
    benchRow(
      { bench: 'headers', case: `${label} vs ${peer}`, errata, peer: ns, unit: 'ns', target: 1 },
      true,
    );
  }
  console.log(
    `| ${label} | ${fmt(errata, 0)} | ${fmt(list, 0)} | ${fmt(list / errata)}x | ${fmt(pkg, 0)} | ${fmt(pkg / errata)}x | ${fmt(checkErrata, 0)} | ${fmt(checkList, 0)} | ${fmt(checkPkg, 0)} |`,
  );
}
console.log('');
