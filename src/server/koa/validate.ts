import type { ParameterizedContext } from 'koa';
import type { Catalog } from '../../catalog-types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import { validate } from '../validate.js';
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

type OutputOf<S, K extends keyof ValidateSchemas> = S extends {
  [P in K]: infer T extends StandardSchemaV1;
}
  ? StandardSchemaV1.InferOutput<T>
  : undefined;

/** The validated outputs of a `validate` middleware (undefined for parts it had no schema for). */
export type Validated<S extends ValidateSchemas> = {
  readonly body: OutputOf<S, 'body'>;
  readonly query: OutputOf<S, 'query'>;
  readonly params: OutputOf<S, 'params'>;
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

/** What `validate` middlewares produced for a request (by context), by middleware. */
const validatedParts = new WeakMap<
  object,
  Map<object, { body: unknown; query: unknown; params: unknown }>
>();

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
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = schemas[part];
    if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function') {
      throw new TypeError(`errata: validate({ ${part} }) must be a Standard Schema.`);
    }
  }
  const repeated = options.repeated ?? 'array';
  if (repeated !== 'array' && repeated !== 'last') {
    throw new TypeError(
      `errata: validate({ repeated }) must be 'array' or 'last'; got ${String(repeated)}.`,
    );
  }
  const key = {};
  const middleware: KoaMiddleware = async function errataValidate(ctx, next) {
    const request = ctx.request as RequestWithBody;
    const params =
      schemas.params === undefined
        ? undefined
        : await validate(schemas.params, (ctx as { params?: unknown }).params ?? {}, catalog);
    const query =
      schemas.query === undefined
        ? undefined
        : await validate(
            schemas.query,
            repeated === 'last' ? lastValues(ctx.query) : ctx.query,
            catalog,
          );
    const body =
      schemas.body === undefined ? undefined : await validate(schemas.body, request.body, catalog);
    if (schemas.body !== undefined) request.body = body;
    let parts = validatedParts.get(ctx);
    if (parts === undefined) {
      parts = new Map();
      validatedParts.set(ctx, parts);
    }
    parts.set(key, { body, query, params });
    await next();
  };
  return Object.assign(middleware, {
    valid(ctx: ParameterizedContext): Validated<S> {
      const found = validatedParts.get(ctx)?.get(key);
      if (found === undefined) {
        throw new TypeError(
          'errata: valid(ctx) called on a request this middleware did not validate.',
        );
      }
      return found as unknown as Validated<S>;
    },
  });
}
