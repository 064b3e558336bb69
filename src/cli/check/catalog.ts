import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { upperSnake } from '../../code-case.js';
import type { FormatName } from '../../formats/index.js';
import type { CheckName } from './findings.js';
import { CARRIES_CODE } from './wire.js';

/** What an error body says about its code. */
export type CodeInput = {
  /** The wire format the body is in. */
  format: FormatName;
  /** The code as carried in the body (see `wireShape`); undefined when it carries none. */
  carried: string | undefined;
  /** The details as parsed. */
  details: unknown;
  /** The response status. */
  status: number;
};

/**
 * Hold an error's code to the catalog: the body carries a code (in formats that have one), the
 * catalog has it, with this status, and its details match the entry's schema. Formats without
 * codes (message, laravel) are held to the status alone: some catalog code must have it.
 * Returns the code to report (the catalog's spelling when it has the code).
 * @example const code = await checkCode({ format: 'envelope', carried: 'not_found', details: undefined, status: 404 }, catalog, find);
 */
export async function checkCode(
  input: CodeInput,
  catalog: Catalog | undefined,
  find: (check: CheckName, message: string) => void,
): Promise<string | undefined> {
  const { format, carried, details, status } = input;
  if (!CARRIES_CODE.has(format)) {
    // Clients of these formats branch on the status, so the catalog must know it.
    if (catalog !== undefined && !catalog.entries().some((e) => e.status === status)) {
      find('uncataloged-status', `no catalog code has status ${status}`);
    }
    return undefined;
  }
  if (carried === undefined) {
    find('missing-code', `the ${format} body carries no error code`);
    return undefined;
  }
  if (catalog === undefined) return carried;
  const entry = catalogEntry(catalog, carried);
  if (entry === undefined) {
    find('unknown-code', `code ${JSON.stringify(carried)} is not in the catalog`);
    return carried;
  }
  if (entry.status !== status) {
    find('code-status', `${entry.code} has status ${entry.status} in the catalog, not ${status}`);
  }
  // Only formats that carry details as sent can be held to the schema (google stringifies them,
  // the others drop them).
  if (
    entry.details !== undefined &&
    details !== undefined &&
    (format === 'envelope' || format === 'problem')
  ) {
    const outcome = await entry.details['~standard'].validate(details);
    const issue = outcome.issues?.[0];
    if (issue !== undefined) {
      const path = (issue.path ?? [])
        .map((p) => String(typeof p === 'object' ? p.key : p))
        .join('.');
      find(
        'details',
        `${entry.code} details do not match the catalog: ${path === '' ? '' : `${path}: `}${issue.message}`,
      );
    }
  }
  return entry.code;
}

/** The entry of a code, spelled as sent or in another case (a google reason is UPPER_SNAKE). */
function catalogEntry(catalog: Catalog, code: string): CatalogEntry | undefined {
  const exact = catalog.get(code);
  if (exact !== undefined) return exact;
  const wanted = upperSnake(code);
  return catalog.entries().find((e) => upperSnake(e.code) === wanted);
}
