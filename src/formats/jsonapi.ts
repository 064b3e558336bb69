import type { ApiError } from '../api-error.js';
import { markDefault } from './builtin-names.js';
import { jsonapiGuide } from './guides.js';
import { type JsonapiNames as Names, parseJsonapi } from './jsonapi-parse.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import type { JsonapiOptions } from './options.js';
import { isObject, type JsonObject, jsonPointer, rendered, visible } from './shared.js';
import type { Format, RenderContext } from './types.js';

/** The `jsonapi` format, configurable with `.with(options)`. */
export type JsonapiFormat = Format & {
  readonly options: Readonly<JsonapiOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.jsonapi.with({ members: { request_id: 'requestId' } })
   */
  with(options: JsonapiOptions): JsonapiFormat;
};

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
      parse: parseJsonapi,
    },
    configure,
  );
}

/**
 * JSON:API error documents: `{ "errors": [{ status, code, title, detail, source: { pointer } }],
 * "meta": { request_id } }`, one error object per violation.
 * @example jsonapiFormat.with({ members: { request_id: 'requestId' } })
 */
export const jsonapiFormat: JsonapiFormat = /* @__PURE__ */ markDefault(
  /* @__PURE__ */ configure({}),
);

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
