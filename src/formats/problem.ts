import type { ApiError } from '../api-error.js';
import { statusPhrase } from '../status.js';
import { markDefault } from './builtin-names.js';
import { problemGuide } from './guides.js';
import { builtinFormat, choice, type Given, type MemberRule, resolveMembers } from './members.js';
import type { ProblemOptions } from './options.js';
import { type ProblemNames, parseProblem, RESERVED } from './problem-parse.js';
import {
  isObject,
  type JsonObject,
  pointerFragment,
  rendered,
  retryAfterOf,
  setMember,
  visible,
} from './shared.js';
import type { Format, RenderContext } from './types.js';

/** The `problem` format, configurable with `.with(options)`. */
export type ProblemFormat = Format & {
  readonly options: Readonly<ProblemOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.problem.with({ members: { code: false }, type: 'about:blank' })
   */
  with(options: ProblemOptions): ProblemFormat;
};

const RULES: Record<Exclude<keyof ProblemNames, 'type' | 'reserved'>, MemberRule> = {
  instance: { name: 'instance', level: 'body', rename: true, omit: true },
  code: { name: 'code', level: 'body', rename: true, omit: true },
  request_id: { name: 'request_id', level: 'body', rename: true, omit: true },
  errors: { name: 'errors', level: 'body', rename: true, omit: true },
  details: { name: 'details', level: 'body', rename: true, omit: true },
  retry_after: { name: false, level: 'body', rename: true, omit: true },
};
const FIXED = { body: ['type', 'title', 'status', 'detail'] };
const KEYS = ['members', 'type', 'retryAfter'];
const CONTENT_TYPE = 'application/problem+json';

/** Check the options and resolve every member name, once. */
function resolve(given: Given): ProblemNames {
  const names = resolveMembers('problem', RULES, FIXED, given.members, {
    retry_after: { label: 'retryAfter', value: given.retryAfter },
  });
  const type = choice(
    'problem',
    'type',
    given.type,
    ['uri', 'about:blank', 'code'] as const,
    'uri',
  );
  const reserved = new Set(RESERVED);
  for (const name of Object.values(names)) if (name !== false) reserved.add(name);
  return { ...names, type, reserved };
}

/** What `about:blank` and `code` type strategies make of the error's type. */
function typeOf(n: ProblemNames, error: ApiError, context: RenderContext | undefined) {
  if (n.type === 'code') return error.code;
  // Only a type the catalog derived from its typeBase gives way: an entry's own type stays.
  const base = context?.catalog?.typeBase;
  return base !== undefined && error.type === base + error.code ? undefined : error.type;
}

/** Runs on every problem response: names were resolved at `.with()`, nothing is looked up here. */
function render(n: ProblemNames, error: ApiError, context: RenderContext | undefined) {
  const { message, details, fields } = visible(error);
  const type = n.type === 'uri' ? error.type : typeOf(n, error, context);
  // RFC 9457 §4.2.1: with about:blank the title should be the status phrase.
  const body: JsonObject =
    type && type !== 'about:blank'
      ? { type, title: error.title }
      : { type: 'about:blank', title: statusPhrase(error.status) };
  body.status = error.status;
  body.detail = message;
  // An absurdly long instance (a 10 kB path) is left out rather than echoed or cut.
  if (n.instance !== false && context?.instance !== undefined && context.instance.length <= 2048)
    body[n.instance] = context.instance;
  if (n.code !== false) body[n.code] = error.code;
  const requestId = context?.requestId ?? error.requestId;
  if (requestId !== undefined && n.request_id !== false) body[n.request_id] = requestId;
  if (n.retry_after !== false) {
    const seconds = retryAfterOf(error, context);
    if (seconds !== undefined) body[n.retry_after] = seconds;
  }
  if (fields !== undefined && fields.length > 0 && n.errors !== false) {
    body[n.errors] = fields.map((f) =>
      f.code === undefined
        ? { detail: f.message, pointer: pointerFragment(f.path) }
        : { detail: f.message, pointer: pointerFragment(f.path), code: f.code },
    );
  }
  if (n.details === false) return rendered(error, context, CONTENT_TYPE, body);
  if (isObject(details)) {
    for (const key of Object.keys(details)) {
      if (n.reserved.has(key)) continue;
      setMember(body, key, details[key]);
    }
  } else if (details !== undefined) {
    body[n.details] = details;
  }
  return rendered(error, context, CONTENT_TYPE, body);
}

/** What a configured problem body leaves out, for the docs. */
function drops(n: ProblemNames): string[] {
  const out = [
    'the title when there is no problem type (RFC 9457 `about:blank` takes the status phrase)',
  ];
  if (n.details === false) out.push('details (left out by the options)');
  else {
    out.push(
      `details that are not a JSON object are nested under a \`${n.details}\` member`,
      `detail members named like a standard or errata member (${[...n.reserved].join(', ')}) are dropped`,
    );
  }
  out.push('documentation link (the type URI is the link when the catalog has a typeBase)');
  if (n.details !== false) {
    out.push(
      'detail members named traceId, timestamp, requestId, trace_id or correlationId are not read back as details (other APIs use them for request metadata)',
    );
  }
  if (n.code === false) {
    out.push(
      n.type === 'code'
        ? 'code as a member of its own (`type` is the code)'
        : 'code (left out by the options: clients branch on the `type` or the status)',
    );
  }
  if (n.errors === false) out.push('structured fields (left out by the options: only `detail`)');
  if (n.request_id === false) out.push('request id in the body (the header has it)');
  if (n.instance === false) out.push('the occurrence `instance` (left out by the options)');
  return out;
}

function configure(given: Given): ProblemFormat {
  const n = resolve(given);
  return builtinFormat<typeof n, ProblemFormat>(
    given,
    n,
    {
      name: 'problem',
      contentType: CONTENT_TYPE,
      keys: KEYS,
      guide: problemGuide(n),
      drops: drops(n),
      render,
      parse: parseProblem,
    },
    configure,
  );
}

/**
 * RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`, `detail`,
 * `instance`, and the extension members `code`, `request_id`, `errors` (JSON Pointers) and the
 * details object's own members.
 * @example problemFormat.with({ members: { instance: false, code: false, request_id: false } })
 */
export const problemFormat: ProblemFormat = /* @__PURE__ */ markDefault(
  /* @__PURE__ */ configure({}),
);
