import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Catalog } from '../../catalog-types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import { validate } from '../validate.js';

/** Standard Schemas (Zod, Valibot, ArkType, …) for the parts of a request. */
export type ValidateSchemas = {
  /** Validates `req.body` (parsed by `errata.json()` first) and replaces it with the output. */
  body?: StandardSchemaV1 | undefined;
  /** Validates `req.query` (as the app's `query parser` setting made it). */
  query?: StandardSchemaV1 | undefined;
  /** Validates `req.params`. */
  params?: StandardSchemaV1 | undefined;
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
export type ValidateMiddleware<S extends ValidateSchemas> = RequestHandler & {
  /**
   * The validated outputs for this request; throws a TypeError when the middleware has not run
   * on it.
   * @example const { query } = listQuery.valid(req);
   */
  valid(req: Request): Validated<S>;
};

/** What `validate` middlewares produced for a request, by middleware. */
const validatedParts = new WeakMap<
  object,
  Map<object, { body: unknown; query: unknown; params: unknown }>
>();

/** `errata.validate()`: validate params, then query, then body, with the catalog's role. */
export function validateMiddleware<S extends ValidateSchemas>(
  schemas: S,
  catalog: Catalog,
): ValidateMiddleware<S> {
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = schemas[part];
    if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function') {
      throw new TypeError(`errata: validate({ ${part} }) must be a Standard Schema.`);
    }
  }
  const key = {};
  const middleware = async function errataValidate(
    req: Request,
    _res: Response,
    next: NextFunction,
  ) {
    try {
      const params =
        schemas.params === undefined
          ? undefined
          : await validate(schemas.params, req.params, catalog);
      const query =
        schemas.query === undefined ? undefined : await validate(schemas.query, req.query, catalog);
      const body =
        schemas.body === undefined ? undefined : await validate(schemas.body, req.body, catalog);
      if (schemas.body !== undefined) req.body = body;
      let parts = validatedParts.get(req);
      if (parts === undefined) {
        parts = new Map();
        validatedParts.set(req, parts);
      }
      parts.set(key, { body, query, params });
    } catch (error) {
      next(error);
      return;
    }
    next();
  };
  return Object.assign(middleware, {
    valid(req: Request): Validated<S> {
      const found = validatedParts.get(req)?.get(key);
      if (found === undefined) {
        throw new TypeError(
          'errata: valid(req) called on a request this middleware did not validate.',
        );
      }
      return found as unknown as Validated<S>;
    },
  });
}
