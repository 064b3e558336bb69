// The built-in format names, and which format objects are the built-ins without options, known
// without building a single format: `parseErrorBody` asks both, and must not pull in the render
// side (renderers, `.with()` option checks, guides) to answer.
import type { Format, FormatName } from './types.js';

/**
 * Every built-in format's name, in a stable order.
 * @example BUILTIN_FORMAT_NAMES.includes('problem') // true
 */
export const BUILTIN_FORMAT_NAMES: readonly FormatName[] = [
  'problem',
  'envelope',
  'message',
  'success',
  'laravel',
  'google',
  'jsonapi',
  'stripe',
];

// Weak: a configured format nobody holds any more is not kept alive by this.
const DEFAULTS = new WeakSet<object>();

/**
 * Mark a built-in format object without options (`formats.problem`, …), and return it.
 * @example export const messageFormat = markDefault(configure({}));
 */
export function markDefault<F extends object>(format: F): F {
  DEFAULTS.add(format);
  return format;
}

// Formats whose render gives each response a headers object of its own (every built-in one).
const OWN_HEADERS = new WeakSet<object>();

/**
 * Mark a format whose `render` returns a new headers object every time, so renderError may add
 * to it without copying; return the format.
 * @example return markOwnHeaders(format);
 */
export function markOwnHeaders<F extends object>(format: F): F {
  OWN_HEADERS.add(format);
  return format;
}

/**
 * Whether a format's `render` returns a new headers object every time (see `markOwnHeaders`).
 * @example hasOwnHeaders(formats.problem) // true
 */
export function hasOwnHeaders(format: object): boolean {
  return OWN_HEADERS.has(format);
}

/**
 * Whether a string names a built-in format.
 * @example isFormatName('envelope') // true
 */
export function isFormatName(name: unknown): name is FormatName {
  return typeof name === 'string' && (BUILTIN_FORMAT_NAMES as readonly string[]).includes(name);
}

/**
 * Throw the TypeError for a format name that is not a built-in's.
 * @example if (!isFormatName(name)) unknownFormat(name);
 */
export function unknownFormat(format: unknown): never {
  throw new TypeError(
    `errata: unknown wire format ${JSON.stringify(format)}; expected one of ${BUILTIN_FORMAT_NAMES.join(', ')}.`,
  );
}

/**
 * The format a parser tries before the universal shapes: a configured built-in or a custom
 * format. `undefined` for none, for a built-in's name and for a built-in without options (the
 * shapes already place those well); a name that is not a format throws a TypeError.
 * @example formatToTryFirst(formats.envelope.with({ members: { code: 'kind' } })) // that format
 */
export function formatToTryFirst(format: FormatName | Format | undefined): Format | undefined {
  if (format === undefined) return undefined;
  if (typeof format !== 'object') {
    if (isFormatName(format)) return undefined;
    unknownFormat(format);
  }
  return isFormatName(format.name) && DEFAULTS.has(format) ? undefined : format;
}
