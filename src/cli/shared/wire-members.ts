// The body members of each built-in format under its options: what OpenAPI describes, what
// `errata check` holds bodies to, and what `errata diff` compares. The formats resolve the same
// options at `.with()` (src/formats/*); options reach the CLI only as JSON data (`format.options`,
// or a snapshot file), so their meaning is restated here, keyed by the members' default names.
import type { FormatName } from '../../formats/types.js';

/** One configurable member: its default name (false: off unless named) and where it sits. */
type MemberRule = {
  /** Its name without options. */
  readonly default: string | false;
  /** The JSON path of the object it sits in (`''` the body), for messages. */
  readonly at: string;
  /** A top-level option placing it, instead of `members.<key>` (e.g. `retryAfter`). */
  readonly option?: string;
};

const member = (at: string, name: string | false, option?: string): MemberRule =>
  option === undefined ? { default: name, at } : { default: name, at, option };

/** Every built-in format's configurable members, keyed by their default names. */
export const MEMBER_RULES = {
  problem: {
    instance: member('', 'instance'),
    code: member('', 'code'),
    request_id: member('', 'request_id'),
    errors: member('', 'errors'),
    details: member('', 'details'),
    retry_after: member('', false, 'retryAfter'),
  },
  envelope: {
    code: member('error', 'code'),
    details: member('error', 'details'),
    fields: member('error.details', 'fields'),
    request_id: member('error', 'request_id'),
    doc_url: member('error', 'doc_url'),
    retry_after: member('error', false, 'retryAfter'),
  },
  message: { message: member('', 'message') },
  success: {
    requestId: member('meta', 'requestId'),
    timestamp: member('meta', 'timestamp'),
    field: member('error', 'field'),
    retryAfter: member('error', 'retryAfter'),
  },
  laravel: { message: member('', 'message'), errors: member('', 'errors') },
  google: {
    RequestInfo: member('error.details[]', 'RequestInfo'),
    RetryInfo: member('error.details[]', 'RetryInfo'),
    Help: member('error.details[]', 'Help'),
  },
  jsonapi: {
    request_id: member('meta', 'request_id'),
    meta: member('errors[]', 'meta'),
    links: member('errors[]', 'links'),
  },
  stripe: { param: member('error', 'param'), doc_url: member('error', 'doc_url') },
} as const satisfies Readonly<Record<FormatName, Readonly<Record<string, MemberRule>>>>;

/** The rules of one format, seen as a plain record (to walk every member). */
export function memberRules(format: FormatName): Readonly<Record<string, MemberRule>> {
  return MEMBER_RULES[format];
}

/** Options that are not member names, with their defaults: they change values, not names. */
export const SETTING_RULES: Readonly<
  Partial<Record<FormatName, Readonly<Record<string, string>>>>
> = {
  problem: { type: 'uri' },
  success: { timestamp: 'milliseconds' },
};

/** Resolved member names of a configured built-in: a name, or false when left out. */
export type MemberNames<F extends FormatName = FormatName> = {
  readonly [K in keyof (typeof MEMBER_RULES)[F]]: string | false;
};

type Options = Readonly<Record<string, unknown>>;

function record(value: unknown): Options {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Options)
    : {};
}

/**
 * The member names of a built-in format under options (as `format.options` or a snapshot holds
 * them); anything not a string or `false` keeps the default.
 * @example memberNames('envelope', { members: { request_id: 'requestId' } }).request_id // 'requestId'
 */
export function memberNames<F extends FormatName>(
  format: F,
  options: Options = {},
): MemberNames<F> {
  const members = record(options.members);
  const out: Record<string, string | false> = {};
  for (const [key, rule] of Object.entries(memberRules(format))) {
    const given = rule.option === undefined ? members[key] : options[rule.option];
    out[key] = typeof given === 'string' || given === false ? given : rule.default;
  }
  // `timestamp: false` and `members.timestamp: false` say the same: no timestamp.
  if (format === 'success' && options.timestamp === false) out.timestamp = false;
  return out as MemberNames<F>;
}

/**
 * The value options of a built-in format (problem `type` strategy, success timestamp precision),
 * defaults filled in; `false` stays `false`.
 * @example settingsOf('problem', { type: 'code' }) // { type: 'code' }
 */
export function settingsOf(
  format: FormatName,
  options: Options = {},
): Record<string, string | false> {
  const out: Record<string, string | false> = {};
  for (const [key, fallback] of Object.entries(SETTING_RULES[format] ?? {})) {
    const given = options[key];
    out[key] = typeof given === 'string' || given === false ? given : fallback;
  }
  return out;
}

/**
 * The JSON path of a member under its name (or default name), for messages.
 * @example memberPath('envelope', 'request_id', 'requestId') // 'error.requestId'
 */
export function memberPath(format: FormatName, key: string, name: string): string {
  const at = memberRules(format)[key]?.at ?? '';
  return at === '' ? name : `${at}.${name}`;
}

/**
 * The option keys a built-in format understands at the top level, for comparing options that
 * fall outside members and settings (a newer errata's, say).
 * @example knownOptions('problem') // ['members', 'retryAfter', 'type']
 */
export function knownOptions(format: FormatName): string[] {
  const keys = new Set(['members', ...Object.keys(SETTING_RULES[format] ?? {})]);
  for (const rule of Object.values(memberRules(format))) {
    if (rule.option !== undefined) keys.add(rule.option);
  }
  return [...keys].sort();
}
