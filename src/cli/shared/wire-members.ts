// The body members of each built-in format under its options, as the format itself resolved them
// at `.with()` (`memberNames`, src/formats): what OpenAPI describes, what `errata check` holds
// bodies to, and what `errata diff` compares. Names, defaults and option meanings all come from the
// formats; the CLI only adds where each member sits in the body, to name its path in messages.
import { formats, memberNames } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';

/** Resolved names of a built-in format, keyed by default name (`false`: left out), plus settings. */
export type Names = Readonly<Record<string, string | false>>;

/**
 * Where each member of a built-in format sits, keyed by its default name: the JSON path of the
 * object it is in (`''` the body). Every other key `memberNames` reports is a value setting (the
 * problem `type` strategy, the success timestamp `precision`), not a member.
 */
export const PLACES = {
  problem: { instance: '', code: '', request_id: '', errors: '', details: '', retry_after: '' },
  envelope: {
    code: 'error',
    details: 'error',
    fields: 'error.details',
    request_id: 'error',
    doc_url: 'error',
    retry_after: 'error',
  },
  message: { message: '' },
  success: { requestId: 'meta', timestamp: 'meta', field: 'error', retryAfter: 'error' },
  laravel: { message: '', errors: '' },
  google: {
    RequestInfo: 'error.details[]',
    RetryInfo: 'error.details[]',
    Help: 'error.details[]',
    LocalizedMessage: 'error.details[]',
  },
  jsonapi: { request_id: 'meta', meta: 'errors[]', links: 'errors[]' },
  stripe: { param: 'error', doc_url: 'error' },
} as const satisfies Readonly<Record<FormatName, Readonly<Record<string, string>>>>;

/** The member names of one built-in format, typed by its members. */
export type MemberNames<F extends FormatName = FormatName> = {
  readonly [K in keyof (typeof PLACES)[F]]: string | false;
};

/** The places of one format's members, seen as a plain record (to walk every member). */
export function placesOf(format: FormatName): Readonly<Record<string, string>> {
  return PLACES[format];
}

/**
 * The names a built-in format object resolved. An object errata did not make (a look-alike with a
 * built-in name) is read as errata's format of that name under the same options, else defaults.
 * @example resolvedNames('envelope', formats.envelope.with({ members: { request_id: 'requestId' } })).request_id // 'requestId'
 */
export function resolvedNames(name: FormatName, format: Format): Names {
  return memberNames(format) ?? optionNames(name, format.options) ?? defaultNames(name);
}

/**
 * The names a built-in format resolves from recorded options (a snapshot's): `undefined` when this
 * errata's format refuses them — a newer errata's options, or a hand-edited file.
 * @example optionNames('success', { timestamp: 'seconds' })?.precision // 'seconds'
 */
export function optionNames(name: FormatName, options: unknown): Names | undefined {
  try {
    return memberNames((formats[name].with as (options: unknown) => Format)(options));
  } catch {
    return undefined;
  }
}

/**
 * A built-in format's names without options.
 * @example defaultNames('problem').retry_after // false
 */
export function defaultNames(name: FormatName): Names {
  return memberNames(formats[name]) ?? {};
}

/**
 * The member names of a format, typed; a member the names lack reads as left out.
 * @example membersOf('envelope', resolvedNames('envelope', format)).request_id // 'requestId'
 */
export function membersOf<F extends FormatName>(name: F, names: Names): MemberNames<F> {
  const out: Record<string, string | false> = {};
  for (const key of Object.keys(placesOf(name))) out[key] = names[key] ?? false;
  return out as MemberNames<F>;
}

/**
 * The value settings among a format's names: every key that is not a member.
 * @example settingsOf('problem', resolvedNames('problem', formats.problem)) // { type: 'uri' }
 */
export function settingsOf(name: FormatName, names: Names): Record<string, string | false> {
  const places = placesOf(name);
  const out: Record<string, string | false> = {};
  for (const [key, value] of Object.entries(names))
    if (!Object.hasOwn(places, key)) out[key] = value;
  return out;
}

/**
 * The JSON path of a member under a name (its own or its default), for messages.
 * @example memberPath('envelope', 'request_id', 'requestId') // 'error.requestId'
 */
export function memberPath(format: FormatName, key: string, name: string): string {
  const at = placesOf(format)[key] ?? '';
  return at === '' ? name : `${at}.${name}`;
}
