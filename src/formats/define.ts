// `defineFormat`: a team's own wire format, checked once at definition so a mistake fails at
// startup, not on the first error response. The CLI reads its schema, parse and guide.
import type { ApiError } from '../api-error.js';
import { BUILTIN_FORMAT_NAMES } from './builtin-names.js';
import type {
  Format,
  FormatName,
  JsonSchemaObject,
  RenderContext,
  RenderedError,
  SchemaEntry,
  ShapeInput,
  WireGuide,
} from './types.js';

/**
 * Everything a custom format is made of.
 * @example const definition: FormatDefinition = { name: 'acme', contentType: 'application/json', render, parse, schema, guide };
 */
export type FormatDefinition = {
  /** Its own name: a token such as `acme`, not a built-in format's. @example 'acme' */
  name: string;
  /** Content type of rendered bodies. @example 'application/vnd.acme.error+json' */
  contentType: string;
  /** Render an error to a complete response (the status, lower-case headers, the body text). */
  render(error: ApiError, context?: RenderContext): RenderedError;
  /** Parse a body of this format; `undefined` when the shape is not this format's. */
  parse(input: ShapeInput): ApiError | undefined;
  /** JSON Schema of an error body: of any error without an entry, of one code's with it. */
  schema(entry?: SchemaEntry): JsonSchemaObject;
  /** Where each part of an error is, for the reference page. */
  guide: WireGuide;
  /** What the format cannot carry, for the docs. @default [] */
  drops?: readonly string[];
};

const NAME = /^[a-z][a-z0-9_-]{0,63}$/i;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(
  `^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\r\\n]*"))*$`,
);
const GUIDE_TEXTS = ['summary', 'code', 'message', 'fields', 'details', 'requestId'] as const;

function fail(message: string): never {
  throw new TypeError(`errata: defineFormat(): ${message}`);
}

/**
 * A custom wire format, accepted wherever a format is (`renderError`, servers, `defineCatalog`,
 * `parseErrorBody`'s `format` option); OpenAPI, snapshot/diff and check use its schema.
 * @example
 * const acme = defineFormat({
 *   name: 'acme',
 *   contentType: 'application/json',
 *   render: (error, context) => ({ status: error.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: error.code }) }),
 *   parse: (input) => (isAcme(input.json) ? new ApiError({ status: input.status, code: input.json.fault }) : undefined),
 *   schema: () => ({ type: 'object', required: ['fault'], properties: { fault: { type: 'string' } } }),
 *   guide: { summary: 'an object with `fault`', code: '`fault`', message: 'not sent', fields: 'not sent', details: 'not sent', requestId: 'only the `X-Request-ID` header', carriesCode: true },
 * });
 */
export function defineFormat(definition: FormatDefinition): Format {
  if (typeof definition !== 'object' || definition === null) fail('expects a definition object.');
  const { name, contentType, render, parse, schema, guide, drops = [] } = definition;
  if (typeof name !== 'string' || !NAME.test(name)) {
    fail(
      `name must be a token of letters, digits, _ or - starting with a letter, got ${JSON.stringify(name)}.`,
    );
  }
  if (BUILTIN_FORMAT_NAMES.includes(name.toLowerCase() as FormatName)) {
    fail(
      `name ${JSON.stringify(name)} is a built-in format's; configure it with formats.${name.toLowerCase()}.with(options) or pick another name.`,
    );
  }
  if (typeof contentType !== 'string' || !MEDIA_TYPE.test(contentType)) {
    fail(
      `contentType must be a media type such as application/json, got ${JSON.stringify(contentType)}.`,
    );
  }
  for (const [key, fn] of [
    ['render', render],
    ['parse', parse],
    ['schema', schema],
  ] as const) {
    if (typeof fn !== 'function')
      fail(`${key} must be a function (format ${JSON.stringify(name)}).`);
  }
  if (typeof guide !== 'object' || guide === null)
    fail(`guide must be an object (format ${JSON.stringify(name)}).`);
  for (const key of GUIDE_TEXTS) {
    if (typeof guide[key] !== 'string')
      fail(`guide.${key} must be a string (format ${JSON.stringify(name)}).`);
  }
  if (typeof guide.carriesCode !== 'boolean') {
    fail(`guide.carriesCode must be a boolean (format ${JSON.stringify(name)}).`);
  }
  if (!Array.isArray(drops) || drops.some((d) => typeof d !== 'string')) {
    fail(`drops must be a list of strings (format ${JSON.stringify(name)}).`);
  }
  const copy: WireGuide = {
    summary: guide.summary,
    code: guide.code,
    message: guide.message,
    fields: guide.fields,
    details: guide.details,
    requestId: guide.requestId,
    carriesCode: guide.carriesCode,
  };
  return Object.freeze({
    name,
    contentType,
    drops: Object.freeze([...drops]),
    options: Object.freeze({}),
    guide: Object.freeze(copy),
    schema,
    render,
    parse,
  });
}
