import type { ParameterizedContext } from 'koa';
import type { Catalog } from '../../catalog-types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import {
  checkPartSchemas,
  type Validated,
  validatedStore,
  validateParts,
} from '../validate-parts.js';

export type { Validated } from '../validate-parts.js';

import type { KoaMiddleware, RequestWithBody } from './types.js';

/** Standard Schemas (Zod, Valibot, ArkType, …) for the parts of a request. */
export type ValidateSchemas = {
  /** Validates `ctx.request.body` (parsed by `errata.json()` first) and replaces it with the output. */
  body?: StandardSchemaV1 | undefined;
  /** Validates `ctx.query` (see `repeated`). */
  query?: StandardSchemaV1 | undefined;
  /** Validates `ctx.params` (set by @koa/router). */
  params?: StandardSchemaV1 | undefined;
};

/** Options of one `errata.validate(…)`. */
export type ValidateOptions = {
  /**
   * How a repeated query parameter (`?tag=a&tag=b`) reaches the schema: `'array'`, all its
   * values (Koa's `ctx.query`), or `'last'`, its last value as a string (what errata/node and
   * the other vault adapters give).
   * @default 'array'
   * @example errata.validate({ query: schema }, { repeated: 'last' })
   */
  repeated?: 'array' | 'last' | undefined;
};

/** A validation middleware that also reads back, typed, what it validated. */
export type ValidateMiddleware<S extends ValidateSchemas> = KoaMiddleware & {
  /**
   * The validated outputs for this request; throws a TypeError when the middleware has not run
   * on it.
   * @example const { query } = listQuery.valid(ctx);
   */
  valid(ctx: ParameterizedContext): Validated<S>;
};

/** `ctx.query` with each repeated parameter reduced to its last value. */
function lastValues(query: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(query)) {
    const value = query[name];
    // defineProperty, as Koa builds `ctx.query`: a `__proto__` parameter stays a plain member.
    Object.defineProperty(out, name, {
      value: Array.isArray(value) ? value[value.length - 1] : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * `errata.validate()`: validate params, then query, then body, with the catalog's role.
 * @example const check = validateMiddleware({ body: thingSchema }, catalog);
 */
export function validateMiddleware<S extends ValidateSchemas>(
  schemas: S,
  catalog: Catalog,
  options: ValidateOptions = {},
): ValidateMiddleware<S> {
  checkPartSchemas(schemas);
  const repeated = options.repeated ?? 'array';
  if (repeated !== 'array' && repeated !== 'last') {
    throw new TypeError(
      `errata: validate({ repeated }) must be 'array' or 'last'; got ${String(repeated)}.`,
    );
  }
  const kept = validatedStore<S>('ctx');
  const middleware: KoaMiddleware = async function errataValidate(ctx, next) {
    const request = ctx.request as RequestWithBody;
    const values = {
      params: (ctx as { params?: unknown }).params ?? {},
      // Koa parses the query string on first access: only for a schema that reads it.
      query:
        schemas.query === undefined
          ? undefined
          : repeated === 'last'
            ? lastValues(ctx.query)
            : ctx.query,
      body: request.body,
    };
    const parts = await validateParts(schemas, values, catalog);
    if (schemas.body !== undefined) request.body = parts.body;
    kept.keep(ctx, parts);
    await next();
  };
  return Object.assign(middleware, { valid: (ctx: ParameterizedContext) => kept.read(ctx) });
}
