import type { ApiError } from '../api-error.js';
import { markDefault } from './builtin-names.js';
import { successGuide } from './guides.js';
import { builtinFormat, choice, type Given, type MemberRule, resolveMembers } from './members.js';
import type { SuccessOptions } from './options.js';
import { dotPath, type JsonObject, rendered, retryAfterOf, visible } from './shared.js';
import { type SuccessNames as Names, parseSuccess } from './success-parse.js';
import type { Format, RenderContext } from './types.js';

/** The `success` format, configurable with `.with(options)`. */
export type SuccessFormat = Format & {
  readonly options: Readonly<SuccessOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.success.with({ timestamp: 'seconds' })
   */
  with(options: SuccessOptions): SuccessFormat;
};

const RULES: Record<Exclude<keyof Names, 'precision'>, MemberRule> = {
  requestId: { name: 'requestId', level: 'meta', rename: true, omit: true },
  timestamp: { name: 'timestamp', level: 'meta', rename: true, omit: true },
  field: { name: 'field', level: 'error', rename: true, omit: true },
  retryAfter: { name: 'retryAfter', level: 'error', rename: true, omit: true },
};
const FIXED = { error: ['code', 'message'] };
const KEYS = ['members', 'timestamp'];

/** An ISO timestamp cut to whole seconds: `2025-12-14T10:30:00.123Z` -> `2025-12-14T10:30:00Z`. */
function seconds(stamp: string): string {
  return stamp.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d+(Z|[+-]\d\d:\d\d)$/, '$1$2');
}

/** Runs on every success-format response: names were resolved at `.with()`. */
function render(n: Names, error: ApiError, context: RenderContext | undefined) {
  const { message, fields } = visible(error);
  const first = fields?.[0];
  const inner: JsonObject = { code: error.code, message: first?.message ?? message };
  if (first !== undefined && first.path.length > 0 && n.field !== false)
    inner[n.field] = dotPath(first.path);
  if (error.status === 429 && n.retryAfter !== false) {
    const retryAfter = retryAfterOf(error, context);
    if (retryAfter !== undefined) inner[n.retryAfter] = retryAfter;
  }
  const requestId = context?.requestId ?? error.requestId;
  // Only when the options left the timestamp out can meta be empty: then it is not sent.
  if (n.timestamp === false && (requestId === undefined || n.requestId === false))
    return rendered(error, context, 'application/json', { success: false, error: inner });
  const meta: JsonObject = {};
  if (requestId !== undefined && n.requestId !== false) meta[n.requestId] = requestId;
  if (n.timestamp !== false) {
    const stamp = context?.timestamp ?? new Date().toISOString();
    meta[n.timestamp] = n.precision === 'seconds' ? seconds(stamp) : stamp;
  }
  return rendered(error, context, 'application/json', { success: false, error: inner, meta });
}

function drops(n: Names): string[] {
  const out = [
    'details',
    'every violation but the first (only one `field` is named)',
    "the overall message when there are violations (the first violation's message is sent)",
    'violation codes',
    'title and problem type URI',
  ];
  if (n.field === false)
    out[1] = 'every violation but the first, and its field (only its message is sent)';
  if (n.requestId === false) out.push('request id in the body (the header has it)');
  if (n.retryAfter === false)
    out.push('the retry delay in the body (the `Retry-After` header has it)');
  if (n.timestamp === false) out.push('the timestamp (left out by the options)');
  return out;
}

function configure(given: Given): SuccessFormat {
  const names = resolveMembers('success', RULES, FIXED, given.members, {});
  const precision = choice(
    'success',
    'timestamp',
    given.timestamp,
    ['milliseconds', 'seconds', false] as const,
    'milliseconds',
  );
  // `timestamp: false` and `members.timestamp: false` say the same: no timestamp.
  const n: Names = {
    ...names,
    timestamp: precision === false ? false : names.timestamp,
    precision,
  };
  return builtinFormat<typeof n, SuccessFormat>(
    given,
    n,
    {
      name: 'success',
      contentType: 'application/json',
      keys: KEYS,
      guide: successGuide(n),
      drops: drops(n),
      render,
      parse: parseSuccess,
    },
    configure,
  );
}

/**
 * `{ "success": false, "error": { code, message, field? }, "meta": { requestId, timestamp } }`,
 * with `retryAfter` in `error` on 429.
 * @example successFormat.with({ timestamp: 'seconds' })
 */
export const successFormat: SuccessFormat = /* @__PURE__ */ markDefault(
  /* @__PURE__ */ configure({}),
);
