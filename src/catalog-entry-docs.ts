// Validation of an entry's documentation members (causes, resolution, examples, reported): they
// only feed the reference page and OpenAPI, so a mistake there would otherwise surface as a
// broken page long after the catalog was written. catalog-entry.ts calls it for every entry.
import { CatalogDefinitionError } from './catalog-error.js';
import type { EntryDefinition } from './catalog-types.js';

const EXAMPLE_STRINGS = ['title', 'message'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `causes` and `resolution`: lists of non-empty strings, one item each. */
function checkList(
  where: string,
  member: 'causes' | 'resolution',
  value: unknown,
  code: 'ERR_CATALOG_CAUSES' | 'ERR_CATALOG_RESOLUTION',
): void {
  if (value === undefined) return;
  const items = Array.isArray(value) ? (value as unknown[]) : undefined;
  const bad = items === undefined ? -1 : items.findIndex((i) => !nonEmpty(i));
  if (items === undefined || bad !== -1) {
    throw new CatalogDefinitionError(
      code,
      `${where}: ${member} must be an array of non-empty strings` +
        (bad > -1 ? `; item ${bad} is ${JSON.stringify(items?.[bad]) ?? 'undefined'}.` : '.'),
    );
  }
}

const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** One `fields` item: `{ path: (string | number)[], message: string, code?: string }`. */
function isViolation(value: unknown): boolean {
  return (
    isRecord(value) &&
    Array.isArray(value.path) &&
    value.path.every((p) => typeof p === 'string' || Number.isInteger(p)) &&
    typeof value.message === 'string' &&
    (value.code === undefined || typeof value.code === 'string')
  );
}

/** The reason an example is wrong, or undefined when it is right. */
function exampleFault(example: unknown, def: EntryDefinition): string | undefined {
  if (!isRecord(example)) return 'must be an object';
  for (const member of EXAMPLE_STRINGS) {
    if (example[member] !== undefined && typeof example[member] !== 'string') {
      return `${member} must be a string`;
    }
  }
  const { fields, retryAfter, details } = example;
  if (fields !== undefined && !(Array.isArray(fields) && fields.every(isViolation))) {
    return 'fields must be an array of { path: (string | number)[], message: string, code?: string }';
  }
  if (
    retryAfter !== undefined &&
    !(typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0)
  ) {
    return 'retryAfter must be a non-negative number of seconds';
  }
  // With a schema the details can be checked now, when it answers synchronously (an async
  // schema is left to the code that renders the example).
  if (details !== undefined && def.details !== undefined) {
    let result: ReturnType<NonNullable<EntryDefinition['details']>['~standard']['validate']>;
    try {
      result = def.details['~standard'].validate(details);
    } catch (error) {
      return `details could not be checked against the entry's schema (${String(error)})`;
    }
    if (!(result instanceof Promise) && result.issues !== undefined) {
      const first = result.issues[0]?.message ?? 'invalid';
      return `details do not match the entry's schema (${first})`;
    }
  }
  return undefined;
}

/**
 * Check `causes`, `resolution`, `examples` and `reported` of one entry; throws a
 * `CatalogDefinitionError` naming the member (codes `ERR_CATALOG_CAUSES`,
 * `ERR_CATALOG_RESOLUTION`, `ERR_CATALOG_EXAMPLE`, `ERR_CATALOG_FLAG`).
 */
export function checkDocsMembers(where: string, def: EntryDefinition): void {
  checkList(where, 'causes', def.causes, 'ERR_CATALOG_CAUSES');
  checkList(where, 'resolution', def.resolution, 'ERR_CATALOG_RESOLUTION');
  if (def.examples !== undefined) {
    if (!Array.isArray(def.examples)) {
      throw new CatalogDefinitionError(
        'ERR_CATALOG_EXAMPLE',
        `${where}: examples must be an array of example objects.`,
      );
    }
    def.examples.forEach((example: unknown, i: number) => {
      const fault = exampleFault(example, def);
      if (fault !== undefined) {
        throw new CatalogDefinitionError(
          'ERR_CATALOG_EXAMPLE',
          `${where}: examples[${i}]: ${fault}.`,
        );
      }
    });
  }
  if (def.reported !== undefined && typeof def.reported !== 'boolean') {
    throw new CatalogDefinitionError('ERR_CATALOG_FLAG', `${where}: reported must be a boolean.`);
  }
}
