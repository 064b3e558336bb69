// The wire format is part of the contract: every contract command (openapi, check, snapshot,
// diff) describes the format the API really sends — the catalog's `format`, options included —
// and `--wire NAME` only overrides it with a built-in one.
import { ApiError } from '../../api-error.js';
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { FORMAT_NAMES, formats, isFormatName } from '../../formats/index.js';
import type { Format, FormatName, SchemaEntry } from '../../formats/types.js';
import { choice } from './args.js';
import { isSchema, type JsonSchema } from './json-schema.js';

/**
 * The `--wire` flag's value checked against the built-in names; `undefined` when not given.
 * @example wireFlag('openapi', values.wire) // 'envelope'
 */
export function wireFlag(
  command: string,
  value: string | boolean | undefined,
): FormatName | undefined {
  return value === undefined ? undefined : choice(command, 'wire', value, FORMAT_NAMES, 'problem');
}

/**
 * The format a command describes: `--wire NAME` when given (the catalog's own configured format
 * when it has that name, so `--wire envelope` keeps `formats.envelope.with(…)`'s options), else
 * the catalog's `format`, else `problem` — what errata's servers send by default.
 * @example commandFormat(catalog, 'envelope').name // 'envelope'
 */
export function commandFormat(catalog: Catalog | undefined, wire: FormatName | undefined): Format {
  const own = catalog?.format;
  if (wire === undefined) return own ?? formats.problem;
  return own !== undefined && own.name === wire && builtinName(own) === wire ? own : formats[wire];
}

/**
 * The built-in name of a format (configured or not), `undefined` for a custom one. A format made
 * by `defineFormat` cannot take a built-in name; a hand-written object with one and its own
 * `schema` counts as custom, since its shape is its own.
 * @example builtinName(formats.envelope.with({ members: { request_id: 'requestId' } })) // 'envelope'
 */
export function builtinName(format: Format): FormatName | undefined {
  return isFormatName(format.name) && typeof format.schema !== 'function' ? format.name : undefined;
}

/**
 * The JSON options of a format as the contract records them: keys sorted at every level (the same
 * options always give the same bytes), `undefined` members left out.
 * @example contractOptions(formats.success.with({ timestamp: 'seconds' })) // { timestamp: 'seconds' }
 */
export function contractOptions(format: Format): Record<string, unknown> {
  return sortKeys(format.options) as Record<string, unknown>;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortKeys(member);
  }
  return out;
}

/**
 * The problem `type` a code's problem+json bodies carry: rendered by the problem format the API
 * answers with — its own when it speaks `problem` (type strategy included), else errata's default
 * one, which servers send to clients asking for `application/problem+json`.
 * @example wireType(catalog, catalog.get('secret_not_found'), catalog.format) // 'https://…/secret_not_found'
 */
export function wireType(catalog: Catalog, entry: CatalogEntry, format: Format): string {
  const problem = builtinName(format) === 'problem' ? format : formats.problem;
  const init: ConstructorParameters<typeof ApiError>[0] = {
    status: entry.status,
    code: entry.code,
    title: entry.title,
    message: entry.title,
    expose: entry.expose,
  };
  if (entry.type !== undefined) init.type = entry.type;
  try {
    const body = JSON.parse(problem.render(new ApiError(init), { catalog }).body) as unknown;
    const type = (body as { type?: unknown }).type;
    return typeof type === 'string' ? type : 'about:blank';
  } catch {
    return entry.type ?? 'about:blank';
  }
}

/**
 * The entries an API answers with over HTTP: codes `reported` elsewhere (a webhook log) are
 * neither probed nor documented as responses.
 * @example returnedEntries(catalog).map((e) => e.code)
 */
export function returnedEntries(catalog: Catalog): CatalogEntry[] {
  return catalog.entries().filter((entry) => entry.reported !== true);
}

/**
 * A custom format's body schema (`schema()`, or one code's with an entry) as plain JSON without
 * `$schema`; `undefined` when it has none or it fails: a hand-written Format may lack one, and a
 * team's function must not take a command down.
 * @example customSchema(acme) // { type: 'object', required: ['fault'], … }
 */
export function customSchema(format: Format, entry?: SchemaEntry): JsonSchema | undefined {
  if (typeof format.schema !== 'function') return undefined;
  try {
    const schema = JSON.parse(JSON.stringify(format.schema(entry))) as JsonSchema;
    if (!isSchema(schema)) return undefined;
    const { $schema: _, ...rest } = schema;
    return rest;
  } catch {
    return undefined;
  }
}
