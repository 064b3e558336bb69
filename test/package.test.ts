import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// These import the built package through its own name, as a user would: `npm test` builds first.
// The specifiers go through a variable so type-checking does not need dist/ to exist.
type Core = typeof import('../src/index.js');
const load = <T>(specifier: string) => import(specifier) as Promise<T>;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, { types?: string; default?: string }>;
  sideEffects: boolean;
  type: string;
  dependencies?: Record<string, string>;
};

describe('the published package', () => {
  it('is ESM, side-effect free, with runtime dependencies only for errata/rate-limit and the CLI', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    // The core imports no package at all (the import-graph test below); a runtime dependency is
    // allowed only for an optional entry, and only imported under it.
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['ipaddr.js', 'jiti', 'yaml']);
    const importers = new Set<string>();
    for (const file of readdirSync(new URL('../dist/', import.meta.url), { recursive: true })) {
      const name = String(file);
      if (!name.endsWith('.js')) continue;
      const source = readFileSync(new URL(`../dist/${name}`, import.meta.url), 'utf8');
      for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (Object.hasOwn(pkg.dependencies ?? {}, m[1] as string)) importers.add(name);
      }
    }
    expect([...importers].sort()).toEqual(
      ['cli/openapi/yaml.js', 'cli/shared/load-catalog.js', 'rate-limit/keys.js'].map((f) =>
        f.replace(/\//g, sep),
      ),
    );
  });

  it('ships the `errata` command as a bin that runs from dist/ with node alone', () => {
    const bin = (pkg as unknown as { bin: Record<string, string> }).bin;
    expect(bin).toEqual({ errata: './dist/cli/main.js' });
    const main = fileURLToPath(new URL(`../${bin.errata}`, import.meta.url));
    expect(readFileSync(main, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const help = execFileSync(process.execPath, [main, '--help'], { encoding: 'utf8' });
    for (const name of ['docs', 'openapi', 'snapshot', 'diff', 'check', 'i18n']) {
      expect(help).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('lists `types` first in every export condition', () => {
    for (const [entry, conditions] of Object.entries(pkg.exports)) {
      if (entry === './package.json') continue;
      expect(Object.keys(conditions)[0], entry).toBe('types');
    }
  });

  it('points every export condition at a file of the build', () => {
    for (const [entry, conditions] of Object.entries(pkg.exports)) {
      const targets = typeof conditions === 'string' ? [conditions] : Object.values(conditions);
      for (const target of targets) {
        expect(existsSync(new URL(`../${target}`, import.meta.url)), `${entry}: ${target}`).toBe(
          true,
        );
      }
    }
  });

  it('resolves `errata` to the built core with its public names', async () => {
    const core = await load<Core>('errata');
    for (const name of [
      'defineCatalog',
      'ApiError',
      'isApiError',
      'renderError',
      'parseErrorBody',
      'formats',
    ]) {
      expect(core, name).toHaveProperty(name);
    }
    expect(Object.keys(core.formats).sort()).toEqual([
      'envelope',
      'google',
      'jsonapi',
      'laravel',
      'message',
      'problem',
      'stripe',
      'success',
    ]);
    const error = core.parseErrorBody({ status: 404, body: '{"message":"gone"}' });
    expect(core.isApiError(error)).toBe(true);
  });

  it('resolves `errata/node`', async () => {
    const node = await load<typeof import('../src/server/node/index.js')>('errata/node');
    expect(typeof node.errata).toBe('function');
  });

  it('resolves `errata/rate-limit`, with ipaddr.js loading under Node ESM', async () => {
    const rl = await load<typeof import('../src/rate-limit/index.js')>('errata/rate-limit');
    for (const name of [
      'createRateLimiter',
      'MemoryStore',
      'createKeyGenerator',
      'parsePolicies',
    ]) {
      expect(rl, name).toHaveProperty(name);
    }
    const key = rl.createKeyGenerator({ trustProxy: 1 });
    expect(key({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '2001:db8::1' } })).toBe(
      'ip:2001:db8::/56',
    );
  });

  it('resolves `errata/client` with its public names', async () => {
    const client = await load<typeof import('../src/client/index.js')>('errata/client');
    for (const name of [
      'createClient',
      'Client',
      'parseError',
      'RetryBudget',
      'networkError',
      'classifyFetchError',
      'ApiError',
      'isApiError',
    ]) {
      expect(client, name).toHaveProperty(name);
    }
    // One ApiError class across entries, so `instanceof` holds whichever entry made the error.
    const core = await load<Core>('errata');
    expect(client.ApiError).toBe(core.ApiError);
    const api = client.createClient({ baseUrl: 'https://api.example.com' });
    expect(api).toBeInstanceOf(client.Client);
  });

  it('keeps the core free of Node built-ins, so it runs on fetch runtimes', () => {
    const seen = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const m of source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)) {
        const spec = m[1] as string;
        expect(spec.startsWith('.'), `${url.pathname} imports ${spec}`).toBe(true);
        visit(new URL(spec, url));
      }
    };
    visit(new URL('../dist/index.js', import.meta.url));
    expect(seen.size).toBeGreaterThan(10);
  });

  it('keeps errata/client free of packages, Node built-ins, Buffer and process', () => {
    const seen = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] as string;
        expect(spec.startsWith('.'), `${url.pathname} imports ${spec}`).toBe(true);
        visit(new URL(spec, url));
      }
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, url.pathname).not.toMatch(/\bBuffer\b|\bprocess\b|\brequire\(/);
    };
    visit(new URL('../dist/client/index.js', import.meta.url));
    expect(seen.size).toBeGreaterThan(8);
  });

  it('keeps errata/hono free of Node built-ins, Buffer and process, so it runs on fetch runtimes', () => {
    const seen = new Set<string>();
    const peers = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) {
          visit(new URL(spec, url));
          continue;
        }
        // Only the optional peer itself: no node:, no other package.
        expect(spec === 'hono' || spec.startsWith('hono/'), `${url.pathname} imports ${spec}`).toBe(
          true,
        );
        peers.add(spec);
      }
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, url.pathname).not.toMatch(/\bBuffer\b|\bprocess\b|\brequire\(/);
    };
    visit(new URL(`../${pkg.exports['./hono']?.default}`, import.meta.url));
    expect(seen.size).toBeGreaterThan(10);
    expect(peers.has('hono/http-exception')).toBe(true);
  });

  it('loads intl-messageformat only under errata/i18n, never from the core', async () => {
    const packagesOf = (entry: string) => {
      const seen = new Set<string>();
      const packages = new Set<string>();
      const visit = (url: URL) => {
        if (seen.has(url.href)) return;
        seen.add(url.href);
        // Comments go first: an @example may show an import.
        const source = readFileSync(url, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/^\s*\/\/.*$/gm, '');
        for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
          const spec = m[1] as string;
          if (spec.startsWith('.')) visit(new URL(spec, url));
          else packages.add(spec);
        }
      };
      visit(new URL(`../${pkg.exports[entry]?.default}`, import.meta.url));
      return [...packages];
    };
    expect(packagesOf('.')).toEqual([]);
    expect(packagesOf('./i18n')).toEqual(['intl-messageformat']);
    const { icu } = await load<typeof import('../src/i18n/index.js')>('errata/i18n');
    expect(icu('{n, plural, one {# Sekunde} other {# Sekunden}}', 'de')({ n: 2 })).toBe(
      '2 Sekunden',
    );
  });

  it('keeps errata/fetch and its rate-limit and idempotency layers free of Node built-ins', () => {
    const seen = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) visit(new URL(spec, url));
        // IP math (pure JavaScript) is the one package: no node:, no framework.
        else expect(spec, `${url.pathname} imports ${spec}`).toBe('ipaddr.js');
      }
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, url.pathname).not.toMatch(/\bBuffer\b|\brequire\(/);
      // A bare `process` would throw where there is none; `globalThis.process?.…` (node:crypto
      // for hashing where the runtime has it) and a member named `process` are fine.
      expect(code, url.pathname).not.toMatch(/(?<![.\w$])process\b/);
    };
    for (const entry of ['./fetch', './rate-limit/fetch', './idempotency/fetch']) {
      visit(new URL(`../${pkg.exports[entry]?.default}`, import.meta.url));
    }
    expect(seen.size).toBeGreaterThan(20);
  });
});
