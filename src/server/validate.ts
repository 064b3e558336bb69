import type { FieldViolation } from '../api-error.js';
import { baseCatalog } from '../catalog.js';
import type { Catalog } from '../catalog-types.js';
import type { StandardSchemaV1 } from '../standard-schema.js';

function pathKey(segment: PropertyKey | StandardSchemaV1.PathSegment): string | number {
  const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
  if (typeof key === 'number') return key;
  if (typeof key === 'symbol') return key.description ?? key.toString();
  return key;
}

/**
 * Field violations from Standard Schema issues: paths of `{ key }` segments or raw keys become
 * `(string | number)[]` (numbers stay numbers); a string `code` on an issue (Zod has one) is kept.
 * @example issuesToFields(result.issues) // [{ path: ['items', 0, 'qty'], message: '…', code: 'too_small' }]
 */
export function issuesToFields(issues: readonly StandardSchemaV1.Issue[]): FieldViolation[] {
  return issues.map((issue) => {
    const path = (issue.path ?? []).map(pathKey);
    const code = (issue as { code?: unknown }).code;
    const message = typeof issue.message === 'string' ? issue.message : 'Invalid value';
    return typeof code === 'string' ? { path, message, code } : { path, message };
  });
}

/**
 * Validate a value with any Standard Schema (Zod, Valibot, ArkType, …), sync or async.
 * Resolves to the parsed output, or rejects with the catalog's `validation_error` role
 * carrying one field violation per issue.
 * @example const input = await validate(z.object({ value: z.string() }), body, catalog);
 */
export async function validate<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  catalog: Catalog = baseCatalog,
): Promise<StandardSchemaV1.InferOutput<S>> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues !== undefined) {
    throw catalog.roleError('validation_error', { fields: issuesToFields(result.issues) });
  }
  return result.value as StandardSchemaV1.InferOutput<S>;
}
