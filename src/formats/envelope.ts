import type { ApiError } from '../api-error.js';
import { markDefault } from './builtin-names.js';
import { type EnvelopeNames as Names, parseEnvelope } from './envelope-parse.js';
import { envelopeGuide } from './guides.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import type { EnvelopeOptions } from './options.js';
import { dotPath, isObject, type JsonObject, rendered, retryAfterOf, visible } from './shared.js';
import type { Format, RenderContext } from './types.js';

/** The `envelope` format, configurable with `.with(options)`. */
export type EnvelopeFormat = Format & {
  readonly options: Readonly<EnvelopeOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.envelope.with({ members: { request_id: 'requestId' } })
   */
  with(options: EnvelopeOptions): EnvelopeFormat;
};

const RULES: Record<keyof Names, MemberRule> = {
  code: { name: 'code', level: 'error', rename: true, omit: true },
  details: { name: 'details', level: 'error', rename: true, omit: true },
  fields: { name: 'fields', level: 'details', rename: true, omit: true },
  request_id: { name: 'request_id', level: 'error', rename: true, omit: true },
  doc_url: { name: 'doc_url', level: 'error', rename: true, omit: true },
  retry_after: { name: false, level: 'error', rename: true, omit: true },
};
const FIXED = { error: ['message'], details: ['value'] };
const KEYS = ['members', 'retryAfter'];

/** Runs on every envelope response: names were resolved at `.with()`. */
function render(n: Names, error: ApiError, context: RenderContext | undefined) {
  const { message, details, fields } = visible(error);
  const inner: JsonObject = {};
  if (n.code !== false) inner[n.code] = error.code;
  inner.message = message;
  if (n.details !== false) {
    if (fields !== undefined && fields.length > 0 && n.fields !== false) {
      const list = fields.map((f) =>
        f.code === undefined
          ? { field: dotPath(f.path), message: f.message }
          : { field: dotPath(f.path), message: f.message, code: f.code },
      );
      inner[n.details] = isObject(details)
        ? { ...details, [n.fields]: list }
        : details === undefined
          ? { [n.fields]: list }
          : { value: details, [n.fields]: list };
    } else if (details !== undefined) {
      inner[n.details] = details;
    }
  }
  const requestId = context?.requestId ?? error.requestId;
  if (requestId !== undefined && n.request_id !== false) inner[n.request_id] = requestId;
  if (error.docUrl !== undefined && n.doc_url !== false) inner[n.doc_url] = error.docUrl;
  if (n.retry_after !== false) {
    const seconds = retryAfterOf(error, context);
    if (seconds !== undefined) inner[n.retry_after] = seconds;
  }
  return rendered(error, context, 'application/json', { error: inner });
}

function drops(n: Names): string[] {
  const out = ['title and problem type URI'];
  if (n.details === false) out.push('details and violations (left out by the options)');
  else if (n.fields === false) out.push('structured fields (left out by the options)');
  else {
    out.push(
      `details that are not a JSON object are nested under \`${n.details}.value\` when fields are present`,
      `a details member named \`${n.fields}\` when there are violations (the violations take its place)`,
    );
  }
  if (n.code === false) out.push('code (left out by the options: clients branch on the status)');
  if (n.request_id === false) out.push('request id in the body (the header has it)');
  if (n.doc_url === false) out.push('documentation link (left out by the options)');
  return out;
}

function configure(given: Given): EnvelopeFormat {
  const n = resolveMembers('envelope', RULES, FIXED, given.members, {
    retry_after: { label: 'retryAfter', value: given.retryAfter },
  });
  return builtinFormat<typeof n, EnvelopeFormat>(
    given,
    n,
    {
      name: 'envelope',
      contentType: 'application/json',
      keys: KEYS,
      guide: envelopeGuide(n),
      drops: drops(n),
      render,
      parse: parseEnvelope,
    },
    configure,
  );
}

/**
 * The nested envelope: `{ "error": { code, message, details, request_id } }`, with validation
 * violations in `details.fields` as `{ field: "items.0.qty", message, code }`.
 * @example envelopeFormat.with({ members: { request_id: 'requestId' } })
 */
export const envelopeFormat: EnvelopeFormat = /* @__PURE__ */ markDefault(
  /* @__PURE__ */ configure({}),
);
