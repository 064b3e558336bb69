import type { ApiError, FieldViolation } from '../api-error.js';
import { jsonapiGuide } from './guides.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import type { JsonapiOptions } from './options.js';
import {
  fromPointer,
  isObject,
  type JsonObject,
  jsonPointer,
  MAX_PARSED_FIELDS,
  num,
  parsedError,
  rendered,
  str,
  violation,
  visible,
} from './shared.js';
import type { Format, RenderContext, ShapeInput } from './types.js';

/** The `jsonapi` format, configurable with `.with(options)`. */
export type JsonapiFormat = Format & {
  readonly options: Readonly<JsonapiOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.jsonapi.with({ members: { request_id: 'requestId' } })
   */
  with(options: JsonapiOptions): JsonapiFormat;
};

type Names = Record<'request_id' | 'meta' | 'links', string | false>;

const RULES: Record<keyof Names, MemberRule> = {
  request_id: { name: 'request_id', level: 'meta', rename: true, omit: true },
  meta: { name: 'meta', level: 'object', rename: false, omit: true },
  links: { name: 'links', level: 'object', rename: false, omit: true },
};

/** Runs on every JSON:API error response: names were resolved at `.with()`. */
function render(n: Names, error: ApiError, context: RenderContext | undefined) {
  const { message, details, fields } = visible(error);
  const meta =
    details === undefined || n.meta === false
      ? undefined
      : isObject(details)
        ? details
        : { details };
  const errors: JsonObject[] = [];
  if (fields !== undefined && fields.length > 0) {
    for (const f of fields) {
      errors.push(
        errorObject(
          n,
          error,
          f.message,
          meta,
          jsonPointer(f.path),
          f.code === undefined ? undefined : f.code,
        ),
      );
    }
  } else {
    errors.push(errorObject(n, error, message, meta, undefined, undefined));
  }
  const requestId = context?.requestId ?? error.requestId;
  const doc =
    requestId === undefined || n.request_id === false
      ? { errors }
      : { errors, meta: { [n.request_id]: requestId } };
  return rendered(error, context, 'application/vnd.api+json', doc);
}

function parse(n: Names, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body) || !Array.isArray(body.errors) || body.errors.length === 0) return undefined;
  const first = body.errors[0];
  if (!isObject(first)) return undefined;
  // JSON:API error objects have no `message`; GraphQL's do.
  if (!('detail' in first || 'title' in first || 'source' in first || 'status' in first))
    return undefined;
  // Docker's registry errors have `message` and a `detail` that is data, not text.
  if ('message' in first && str(first.detail) === undefined && str(first.title) === undefined)
    return undefined;
  const fields: FieldViolation[] = [];
  let details: unknown;
  const count = Math.min(body.errors.length, MAX_PARSED_FIELDS);
  for (let i = 0; i < count; i++) {
    const item = body.errors[i];
    if (!isObject(item)) continue;
    const source = isObject(item.source) ? item.source : undefined;
    const pointer = str(source?.pointer);
    const param = str(source?.parameter);
    const detail = str(item.detail) ?? str(item.title);
    const meta = isObject(item.meta) ? item.meta : undefined;
    if (details === undefined && meta !== undefined) details = detailsOf(meta);
    if ((pointer !== undefined || param !== undefined) && detail !== undefined) {
      const path = pointer !== undefined ? fromPointer(pointer) : [param as string];
      const v = violation(path, detail, meta?.violation);
      if (v) fields.push(v);
    }
  }
  const meta = isObject(body.meta) ? body.meta : {};
  const statusText = str(first.status);
  const links = isObject(first.links) ? first.links : {};
  return parsedError(input, 'jsonapi', {
    status: statusText === undefined ? undefined : Number(statusText),
    code: str(first.code),
    title: str(first.title),
    // errata writes one error object per violation under one shared title: that title is the
    // message. Objects with titles of their own are separate errors: the first one's detail.
    message:
      fields.length > 1 && sharedTitle(body.errors, count)
        ? (str(first.title) ?? str(first.detail))
        : (str(first.detail) ?? str(first.title)),
    details,
    fields,
    requestId:
      (n.request_id === false ? undefined : str(meta[n.request_id])) ?? str(meta.requestId),
    retryAfter: num(meta.retry_after),
    docUrl: str(links.type) ?? str(links.about),
  });
}

function configure(given: Given): JsonapiFormat {
  const n = resolveMembers('jsonapi', RULES, {}, given.members, {});
  const drops = [
    "the overall message when there are violations (each error object's `detail` is its violation's message; with several, the title is read back)",
    "a details member named `violation` (each error object's `meta.violation` holds the violation code)",
  ];
  if (n.meta === false) drops[1] = 'details and violation codes (left out by the options)';
  if (n.request_id === false) drops.push('request id in the body (the header has it)');
  if (n.links === false) drops.push('documentation link (left out by the options)');
  return builtinFormat<typeof n, JsonapiFormat>(
    given,
    n,
    {
      name: 'jsonapi',
      contentType: 'application/vnd.api+json',
      keys: ['members'],
      guide: jsonapiGuide(n),
      drops,
      render,
      parse,
    },
    configure,
  );
}

/**
 * JSON:API error documents: `{ "errors": [{ status, code, title, detail, source: { pointer } }],
 * "meta": { request_id } }`, one error object per violation.
 * @example jsonapiFormat.with({ members: { request_id: 'requestId' } })
 */
export const jsonapiFormat: JsonapiFormat = configure({});

/** One JSON:API error object, built member by member: this runs on every error response. */
function errorObject(
  n: Names,
  error: ApiError,
  detail: string,
  meta: JsonObject | undefined,
  pointer: string | undefined,
  violation: string | undefined,
): JsonObject {
  const item: JsonObject = {
    status: String(error.status),
    code: error.code,
    title: error.title,
    detail,
  };
  if (pointer !== undefined) item.source = { pointer };
  if (violation !== undefined && n.meta !== false)
    item.meta = meta === undefined ? { violation } : { ...meta, violation };
  else if (meta !== undefined) item.meta = meta;
  if (error.docUrl !== undefined && n.links !== false) item.links = { type: error.docUrl };
  return item;
}

/** Whether the first `count` error objects all have the first one's title. */
function sharedTitle(errors: readonly unknown[], count: number): boolean {
  const title = isObject(errors[0]) ? errors[0].title : undefined;
  for (let i = 1; i < count; i++) {
    const item = errors[i];
    if (!isObject(item) || item.title !== title) return false;
  }
  return true;
}

/** The details an error object's `meta` carries: all but `violation`, unwrapping `{ details }`. */
function detailsOf(meta: JsonObject): unknown {
  const out: JsonObject = {};
  let count = 0;
  for (const key in meta) {
    if (key === 'violation') continue;
    Object.defineProperty(out, key, {
      value: meta[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
    count++;
  }
  if (count === 0) return undefined;
  // Non-object details render as `meta: { details }`; read them back as they were.
  return count === 1 && 'details' in out ? out.details : out;
}
