/**
 * What the `validate` middleware of Express and Koa share: Standard Schemas for a request's
 * params, query and body, validated in that order with the catalog's role, and the outputs kept
 * per request so the route reads them back typed (`valid(req)`). No framework here.
 */
import type { Catalog } from '../catalog-types.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { validate } from './validate.js';

/** Standard Schemas (Zod, Valibot, ArkType, …) for the parts of a request. */
export type PartSchemas = {
  body?: StandardSchemaV1 | undefined;
  query?: StandardSchemaV1 | undefined;
  params?: StandardSchemaV1 | undefined;
};

type OutputOf<S, K extends keyof PartSchemas> = S extends {
  [P in K]: infer T extends StandardSchemaV1;
}
  ? StandardSchemaV1.InferOutput<T>
  : undefined;

/** The validated outputs of a `validate` middleware (undefined for parts it had no schema for). */
export type Validated<S extends PartSchemas> = {
  readonly body: OutputOf<S, 'body'>;
  readonly query: OutputOf<S, 'query'>;
  readonly params: OutputOf<S, 'params'>;
};

type Parts = { body: unknown; query: unknown; params: unknown };

/**
 * Throws a TypeError at start-up for a part whose schema is not a Standard Schema.
 * @example checkPartSchemas({ body: z.object({}) })
 */
export function checkPartSchemas(schemas: PartSchemas): void {
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = schemas[part];
    if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function') {
      throw new TypeError(`errata: validate({ ${part} }) must be a Standard Schema.`);
    }
  }
}

/**
 * Validate params, then query, then body (each only when it has a schema); rejects with the
 * catalog's `validation_error`.
 * @example const parts = await validateParts(schemas, { params: req.params, query: req.query, body: req.body }, catalog);
 */
export async function validateParts(
  schemas: PartSchemas,
  values: Parts,
  catalog: Catalog,
): Promise<Parts> {
  const params =
    schemas.params === undefined
      ? undefined
      : await validate(schemas.params, values.params, catalog);
  const query =
    schemas.query === undefined ? undefined : await validate(schemas.query, values.query, catalog);
  const body =
    schemas.body === undefined ? undefined : await validate(schemas.body, values.body, catalog);
  return { params, query, body };
}

/**
 * Where one `validate` middleware keeps its outputs, by request (or Koa context): `keep` after
 * validating, `read` in the route (a TypeError when the middleware did not run on it).
 * @example const kept = validatedStore<typeof schemas>('req'); kept.keep(req, parts); kept.read(req);
 */
export function validatedStore<S extends PartSchemas>(name: string) {
  const outputs = new WeakMap<object, Parts>();
  return {
    keep(owner: object, parts: Parts): void {
      outputs.set(owner, parts);
    },
    read(owner: object): Validated<S> {
      const found = outputs.get(owner);
      if (found === undefined) {
        throw new TypeError(
          `errata: valid(${name}) called on a request this middleware did not validate.`,
        );
      }
      return found as unknown as Validated<S>;
    },
  };
}
