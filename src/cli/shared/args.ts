import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { HeaderMode } from '../../rate-limit/headers.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed arguments: flags by name and the positionals. */
export type Parsed = {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
};

/**
 * Strict parsing shared by every subcommand: unknown flags, missing values and a wrong number of
 * positionals are usage errors (exit 2) with a one-line reason.
 * @example const { values, positionals } = parse(args, { out: { type: 'string' } }, ['catalog']);
 */
export function parse(
  command: string,
  args: readonly string[],
  options: Options,
  positionalNames: readonly string[],
): Parsed {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`errata ${command}: ${reason} (see errata ${command} --help)`);
  }
  const values = parsed.values as Parsed['values'];
  if (values.help === true) return { values, positionals: parsed.positionals };
  if (parsed.positionals.length !== positionalNames.length) {
    const wanted = positionalNames.map((n) => `<${n}>`).join(' ');
    throw new UsageError(
      `errata ${command}: expected ${wanted}, got ${parsed.positionals.length} argument(s) (see errata ${command} --help)`,
    );
  }
  return { values, positionals: parsed.positionals };
}

/** A string flag's value, checked against a list of choices. */
export function choice<T extends string>(
  command: string,
  flag: string,
  value: string | boolean | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(
      `errata ${command}: --${flag} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** The choices of `--rate-limit-headers` (docs, openapi): the limiter's `headers` option. */
export const HEADER_MODES: readonly HeaderMode[] = ['legacy', 'ietf', 'both', 'none'];
