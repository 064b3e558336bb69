import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Catalog } from '../../catalog-types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import {
  checkPartSchemas,
  type Validated,
  validatedStore,
  validateParts,
} from '../validate-parts.js';

export type { Validated } from '../validate-parts.js';

/** Standard Schemas (Zod, Valibot, ArkType, …) for the parts of a request. */
export type ValidateSchemas = {
  /** Validates `req.body` (parsed by `errata.json()` first) and replaces it with the output. */
  body?: StandardSchemaV1 | undefined;
  /** Validates `req.query` (as the app's `query parser` setting made it). */
  query?: StandardSchemaV1 | undefined;
  /** Validates `req.params`. */
  params?: StandardSchemaV1 | undefined;
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

/** `errata.validate()`: validate params, then query, then body, with the catalog's role. */
export function validateMiddleware<S extends ValidateSchemas>(
  schemas: S,
  catalog: Catalog,
): ValidateMiddleware<S> {
  checkPartSchemas(schemas);
  const kept = validatedStore<S>('req');
  const middleware = async function errataValidate(
    req: Request,
    _res: Response,
    next: NextFunction,
  ) {
    try {
      const parts = await validateParts(schemas, req, catalog);
      if (schemas.body !== undefined) req.body = parts.body;
      kept.keep(req, parts);
    } catch (error) {
      next(error);
      return;
    }
    next();
  };
  return Object.assign(middleware, { valid: (req: Request) => kept.read(req) });
}
