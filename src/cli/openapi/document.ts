import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { getFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import type { HeaderMode } from '../../rate-limit/headers.js';
import { statusPhrase } from '../../status.js';
import type { JsonSchema, JsonValue } from '../shared/json-schema.js';
import { builtinName, customSchema } from '../shared/wire-format.js';
import { type CodeInfo, describeCodes, FIXED_NAMES } from './details.js';
import { renderExample } from './examples.js';
import {
  HEADER_COMPONENTS,
  IDEMPOTENCY_COMPONENTS,
  localeComponents,
  responseHeaders,
} from './headers.js';
import { ref, type WireContext, type WireSpec } from './union.js';
import { wireSpecFor } from './wire.js';

/** What `errata openapi` takes besides the catalog. */
export type OpenApiOptions = {
  /**
   * The wire format the API sends errors in: a built-in's name, or a format object (configured
   * with options, or custom).
   * @default the catalog's `format`, else 'problem'
   * @example formats.envelope.with({ members: { request_id: 'requestId' } })
   */
  wire?: FormatName | Format | undefined;
  /** `info.title`. @default 'API errors' */
  title?: string | undefined;
  /** Which rate-limit headers 429 responses carry (as the limiter's `headers` option). @default 'legacy' */
  rateLimitHeaders?: HeaderMode | undefined;
};

/** The document, and notes on what it could not describe (for stderr). */
export type OpenApiResult = { document: JsonSchema; notes: string[] };

/**
 * An OpenAPI 3.1 document whose components describe a catalog's errors in one wire format:
 * `schemas` (the error body, the code enum, each code's details), one response per status
 * (`Error404`) with an example per code rendered by the real renderer, and the headers.
 * Deterministic: the same catalog and options give the same document.
 * @example const { document } = await openapiDocument(vaultCatalog, { wire: 'problem' });
 */
export async function openapiDocument(
  catalog: Catalog,
  options: OpenApiOptions,
): Promise<OpenApiResult> {
  const format = getFormat(options.wire ?? catalog.format ?? 'problem');
  // The names a format reserves for its own schemas do not depend on the codes.
  const codes = describeCodes(catalog, wireSpecFor(format, []).reserved, format);
  const spec = wireSpecFor(format, codes);
  const ctx: WireContext = { catalog, codes, variants: {} };
  const { Error: body, ...own } = spec.schemas(ctx);
  const schemas: JsonSchema = { [FIXED_NAMES.error]: body ?? {} };
  schemas[FIXED_NAMES.code] = codeEnum(codes, spec);
  Object.assign(schemas, own);
  for (const info of codes) {
    const variant = ctx.variants[info.variantName];
    if (variant !== undefined) schemas[info.variantName] = variant;
    if (spec.carriesDetails && info.details !== undefined) {
      schemas[info.detailsName] = detailsComponent(info);
    }
  }
  const other = ctx.variants[FIXED_NAMES.other];
  if (other !== undefined) schemas[FIXED_NAMES.other] = other;

  const contentType = format.contentType;
  // A catalog with translations says which language each error is in (renderError).
  const translated = catalog.locales.length > 1;
  const responses: JsonSchema = {};
  const notes = notesOf(codes, spec.carriesDetails);
  if (builtinName(format) === undefined && customSchema(format) === undefined) {
    notes.push(
      `the ${format.name} format declares no JSON Schema of its body (or its schema() failed): Error accepts any body`,
    );
  }
  for (const [status, group] of byStatus(codes)) {
    const examples: JsonSchema = {};
    for (const info of group) {
      const { body: value, note } = await renderExample(catalog, info, format);
      examples[info.entry.code] = exampleObject(info.entry, value);
      if (note !== undefined && spec.carriesDetails && info.entry.expose) notes.push(note);
    }
    const narrowed = spec.narrow(status, group);
    const schema =
      narrowed === undefined
        ? ref(FIXED_NAMES.error)
        : { allOf: [ref(FIXED_NAMES.error), narrowed] };
    responses[`Error${status}`] = {
      description: `${status} ${statusPhrase(status)}: ${group.map((i) => `\`${i.entry.code}\` (${i.entry.title})`).join(', ')}.`,
      headers: responseHeaders(
        status,
        group.map((info) => info.entry),
        options.rateLimitHeaders ?? 'legacy',
        translated,
      ),
      content: { [contentType]: { schema, examples } },
    };
  }

  const headers: JsonSchema = { ...HEADER_COMPONENTS };
  if (translated) Object.assign(headers, localeComponents(catalog.locales));
  const components: JsonSchema = { schemas, responses, headers };
  // The Idempotency-Key roles are opt-in: a catalog that has them documents the key's headers.
  if (catalog.roles.idempotency_key_reused !== undefined) {
    Object.assign(headers, IDEMPOTENCY_COMPONENTS.headers);
    components.parameters = { ...IDEMPOTENCY_COMPONENTS.parameters };
  }
  const document: JsonSchema = {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'API errors',
      version: '1.0.0',
      description: `The errors of the API, generated by errata from its catalog, in the \`${format.name}\` wire format (\`${contentType}\`)${configured(format)}. Merge \`components\` into the API's own document and reference the responses (\`Error404\`, …) from its operations.`,
    },
    paths: {},
    components,
  };
  return { document, notes };
}

/** How the document names a configured format's options, for its description. */
function configured(format: Format): string {
  return Object.keys(format.options).length === 0
    ? ''
    : ` configured with ${JSON.stringify(format.options)}`;
}

function codeEnum(codes: readonly CodeInfo[], spec: WireSpec): JsonSchema {
  const parts = [
    spec.carriesCode
      ? 'The stable error codes of the API. Branch on the code, never on the message.'
      : 'The stable error codes of the API. This wire format does not put the code in the body: clients branch on the status, and each response lists its codes.',
  ];
  if (spec.codeNote !== undefined) parts.push(spec.codeNote);
  const deprecated = codes.filter((info) => info.entry.deprecated !== false);
  if (deprecated.length > 0) {
    const list = deprecated.map(({ entry }) =>
      typeof entry.deprecated === 'string'
        ? `\`${entry.code}\` (${entry.deprecated})`
        : `\`${entry.code}\``,
    );
    parts.push(`Deprecated: ${list.join(', ')}.`);
  }
  return {
    type: 'string',
    description: parts.join(' '),
    enum: codes.map((info) => info.entry.code),
  };
}

function detailsComponent(info: CodeInfo): JsonSchema {
  const { description: own, ...details } = info.details ?? {};
  const lead = typeof own === 'string' ? own : `The details of \`${info.entry.code}\`.`;
  const description = info.entry.expose
    ? lead
    : `${lead} Never sent: \`${info.entry.code}\` is not exposed to clients.`;
  return { description, ...details };
}

function exampleObject(entry: CatalogEntry, value: JsonValue): JsonSchema {
  const text = [entry.description];
  if (typeof entry.deprecated === 'string') text.push(`Deprecated: ${entry.deprecated}`);
  else if (entry.deprecated) text.push('Deprecated.');
  const description = text.filter((t) => t !== '').join(' ');
  return description === ''
    ? { summary: entry.title, value }
    : { summary: entry.title, description, value };
}

/** Codes grouped by status, statuses ascending, codes in catalog order. */
function byStatus(codes: readonly CodeInfo[]): [number, CodeInfo[]][] {
  const groups = new Map<number, CodeInfo[]>();
  for (const info of codes) {
    const group = groups.get(info.entry.status);
    if (group === undefined) groups.set(info.entry.status, [info]);
    else group.push(info);
  }
  return [...groups].sort(([a], [b]) => a - b);
}

function notesOf(codes: readonly CodeInfo[], carried: boolean): string[] {
  if (!carried) return [];
  const opaque = codes.filter((info) => info.kind === 'opaque');
  return opaque.map(
    ({ entry }) =>
      `details of ${entry.code} are not described: their schema library (${entry.details?.['~standard'].vendor}) offers no JSON Schema conversion here`,
  );
}
