import type { ApiError } from '../api-error.js';
import { upperSnake } from '../code-case.js';
import { isLanguageTag } from '../i18n/accept-language.js';
import { grpcStatusName } from '../status.js';
import { markDefault } from './builtin-names.js';
import { type GoogleNames as Names, parseGoogle } from './google-parse.js';
import { googleGuide } from './guides.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import type { GoogleOptions } from './options.js';
import { dotPath, isObject, type JsonObject, rendered, retryAfterOf, visible } from './shared.js';
import type { Format, RenderContext } from './types.js';

/** The `google` format, configurable with `.with(options)`. */
export type GoogleFormat = Format & {
  readonly options: Readonly<GoogleOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.google.with({ members: { RequestInfo: false } })
   */
  with(options: GoogleOptions): GoogleFormat;
};

// Detail entries are named by their protobuf type: they can be left out, never renamed.
const RULES: Record<keyof Names, MemberRule> = {
  RequestInfo: { name: 'RequestInfo', level: 'details', rename: false, omit: true },
  RetryInfo: { name: 'RetryInfo', level: 'details', rename: false, omit: true },
  Help: { name: 'Help', level: 'details', rename: false, omit: true },
  LocalizedMessage: { name: 'LocalizedMessage', level: 'details', rename: false, omit: true },
};

const T = 'type.googleapis.com/google.rpc.';
const ERROR_INFO_TYPE = `${T}ErrorInfo`;
const BAD_REQUEST_TYPE = `${T}BadRequest`;
const RETRY_INFO_TYPE = `${T}RetryInfo`;
const REQUEST_INFO_TYPE = `${T}RequestInfo`;
const HELP_TYPE = `${T}Help`;
const LOCALIZED_MESSAGE_TYPE = `${T}LocalizedMessage`;

/** Runs on every google-format response. */
function render(n: Names, error: ApiError, context: RenderContext | undefined) {
  const { message, details, fields } = visible(error);
  // A plain object (a null-prototype one is a slow dictionary to stringify); keys come from
  // details, so `__proto__` is defined as a member rather than assigned (which would set the
  // prototype).
  const metadata: Record<string, string> = {};
  if (isObject(details)) {
    for (const key in details) {
      const value = details[key];
      if (value === undefined) continue;
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (key === '__proto__') {
        Object.defineProperty(metadata, key, {
          value: text,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else metadata[key] = text;
    }
  }
  const list: JsonObject[] = [
    {
      '@type': ERROR_INFO_TYPE,
      reason: upperSnake(error.code),
      domain: context?.domain ?? context?.catalog?.domain ?? 'errata',
      metadata,
    },
  ];
  // A message translated from the catalog's own language (AIP-193: the user-facing text).
  const locale = error.locale;
  if (
    locale !== undefined &&
    locale !== context?.catalog?.locale &&
    n.LocalizedMessage !== false &&
    isLanguageTag(locale)
  ) {
    list.push({ '@type': LOCALIZED_MESSAGE_TYPE, locale, message });
  }
  if (fields !== undefined && fields.length > 0) {
    list.push({
      '@type': BAD_REQUEST_TYPE,
      fieldViolations: fields.map((f) =>
        f.code === undefined
          ? { field: dotPath(f.path), description: f.message }
          : { field: dotPath(f.path), description: f.message, reason: upperSnake(f.code) },
      ),
    });
  }
  const retryAfter = n.RetryInfo === false ? undefined : retryAfterOf(error, context);
  if (retryAfter !== undefined)
    list.push({ '@type': RETRY_INFO_TYPE, retryDelay: `${retryAfter}s` });
  const requestId = context?.requestId ?? error.requestId;
  if (requestId !== undefined && n.RequestInfo !== false)
    list.push({ '@type': REQUEST_INFO_TYPE, requestId, servingData: '' });
  if (error.docUrl !== undefined && n.Help !== false) {
    list.push({ '@type': HELP_TYPE, links: [{ description: error.title, url: error.docUrl }] });
  }
  const body = {
    error: { code: error.status, message, status: grpcStatusName(error.status), details: list },
  };
  return rendered(error, context, 'application/json', body);
}

function configure(given: Given): GoogleFormat {
  const n = resolveMembers('google', RULES, {}, given.members, {});
  const dropped = [
    "the code's original spelling (the ErrorInfo reason is UPPER_SNAKE; catalog.normalize restores it)",
    'violation codes are UPPER_SNAKE too',
    'the title (a Help link carries it as its description only with a docUrl)',
    'details values become strings (ErrorInfo metadata is a map of strings)',
    'nested details (only top-level members go into metadata)',
  ];
  if (n.RequestInfo === false) dropped.push('request id in the body (the header has it)');
  if (n.RetryInfo === false)
    dropped.push('the retry delay in the body (the `Retry-After` header has it)');
  if (n.Help === false) dropped.push('documentation link (left out by the options)');
  if (n.LocalizedMessage === false)
    dropped.push('the LocalizedMessage entry (Content-Language has the locale)');
  return builtinFormat<typeof n, GoogleFormat>(
    given,
    n,
    {
      name: 'google',
      contentType: 'application/json',
      keys: ['members'],
      guide: googleGuide(n),
      drops: dropped,
      render,
      parse: (_names, input) => parseGoogle(input),
    },
    configure,
  );
}

/**
 * AIP-193: `{ "error": { code, message, status, details: [ErrorInfo, BadRequest, RetryInfo, RequestInfo] } }`.
 * @example googleFormat.with({ members: { RequestInfo: false } })
 */
export const googleFormat: GoogleFormat = /* @__PURE__ */ markDefault(
  /* @__PURE__ */ configure({}),
);
