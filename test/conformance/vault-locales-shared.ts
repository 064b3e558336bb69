import { expect } from 'vitest';
import type { VaultAppOptions } from '../../examples/vault/app.js';
import { type ApiError, parseErrorBody } from '../../src/index.js';

// What the localized-error parts of the conformance suite share (vault-locales.ts,
// vault-locales-render.ts). vault-suite.ts runs them with its own `it`, so a runtime's known
// failures work there too. The vault's catalog speaks English (its own), German and French: every
// error response says which in `Content-Language`, and varies by `Accept-Language` unless the
// app's own choice decided.

/** What the suite's running vault offers these tests. */
export type Vault = {
  url: string;
  port: number;
  put(name: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
};

/** One request of the suite's error battery (vault-suite.ts CASES). */
export type BatteryCase<V extends Vault> = {
  name: string;
  status: number;
  code: string;
  send: (vault: V, headers: Record<string, string>) => Promise<Response>;
};

/** What vault-suite.ts hands over. */
export type LocaleSuiteTools<V extends Vault> = {
  it: (name: string, fn: () => Promise<void>, timeout?: number) => void;
  startVault: (options?: Omit<VaultAppOptions, 'onError'>) => Promise<V>;
  cases: readonly BatteryCase<V>[];
};

export const MISSING = {
  en: "No secret is stored under 'ghost'.",
  de: "Unter 'ghost' ist kein Geheimnis gespeichert.",
  fr: "Aucun secret n'est enregistré sous « ghost ».",
} as const;

/** The names a `Vary` value lists, lower-cased. */
export function varyNames(res: Response | { headers: Record<string, string> }): string[] {
  const value =
    res.headers instanceof Headers ? res.headers.get('vary') : (res.headers.vary ?? null);
  return (value ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}

/** Assert a response varies by Accept-Language, naming it exactly once. */
export function expectVaryByLanguage(
  res: Response | { headers: Record<string, string> },
  where = '',
) {
  expect(
    varyNames(res).filter((name) => name === 'accept-language'),
    where,
  ).toHaveLength(1);
}

export async function parsed(res: Response): Promise<{ error: ApiError; text: string }> {
  const text = await res.text();
  return { error: parseErrorBody({ status: res.status, headers: res.headers, body: text }), text };
}

/**
 * The localized-error cases of the conformance suite, for one adapter.
 * @example localeConformance('node', { it, startVault, cases: CASES });
 */
/**
 * GET a missing secret with these headers: the 404 (checked) and its parsed body.
 * @example const { res } = await missing(vault, { 'accept-language': 'de' });
 */
export async function missing(vault: Vault, headers: Record<string, string>) {
  const res = await fetch(`${vault.url}/v1/secrets/ghost`, { headers });
  const { error, text } = await parsed(res);
  expect(res.status, text).toBe(404);
  expect(error.code, text).toBe('secret_not_found');
  return { res, error, text };
}
