import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { upperSnake } from '../../code-case.js';
import type { Format } from '../../formats/types.js';
import { builtinName, returnedEntries, wireType } from '../shared/wire-format.js';
import type { CheckName } from './findings.js';

/** What an error body says about its code. */
export type CodeInput = {
  /** The wire format the body is in (configured or custom: its options and type strategy). */
  format: Format;
  /** The code as carried in the body (see `wireShape`); undefined when it carries none. */
  carried: string | undefined;
  /** Whether the body is meant to carry a code: otherwise it is held to its status alone. */
  carries: boolean;
  /** A problem body's `type`: held to the code's type URI, and names the code without `code`. */
  type?: string | undefined;
  /** The details as parsed. */
  details: unknown;
  /** The response status. */
  status: number;
};

/**
 * Hold an error's code to the catalog: the body carries a code (in formats that have one), the
 * catalog has it, returns it over HTTP (not `reported` elsewhere), with this status, its problem
 * type URI and its details schema. Bodies without codes (message, laravel, a problem body whose
 * options leave `code` out) are held to the status alone: some returned code must have it.
 * Returns the code to report (the catalog's spelling when it has the code).
 * @example const code = await checkCode({ format: formats.envelope, carried: 'not_found', carries: true, details: undefined, status: 404 }, catalog, find);
 */
export async function checkCode(
  input: CodeInput,
  catalog: Catalog | undefined,
  find: (check: CheckName, message: string) => void,
): Promise<string | undefined> {
  const { format, carried, carries, type, details, status } = input;
  if (!carries) {
    // Clients of these bodies branch on the status, so the catalog must know it.
    const same =
      catalog === undefined ? [] : returnedEntries(catalog).filter((e) => e.status === status);
    if (catalog !== undefined && same.length === 0) {
      find('uncataloged-status', `no catalog code has status ${status}`);
    }
    // ... and on the problem type: it must be one a code of that status has.
    if (catalog !== undefined && type !== undefined && builtinName(format) === 'problem') {
      const types = [...new Set(same.map((e) => wireType(catalog, e, format)))];
      if (types.length > 0 && !types.includes(type)) {
        find(
          'problem-type',
          `no code with status ${status} has problem type ${type} (the catalog's: ${types.join(', ')})`,
        );
      }
    }
    return undefined;
  }
  const byType =
    type === undefined || catalog === undefined ? undefined : entryOfType(catalog, format, type);
  if (carried === undefined && byType === undefined) {
    find('missing-code', `the ${format.name} body carries no error code`);
    return undefined;
  }
  if (catalog === undefined) return carried;
  const entry = (carried === undefined ? undefined : catalogEntry(catalog, carried)) ?? byType;
  if (entry === undefined) {
    find('unknown-code', `code ${JSON.stringify(carried)} is not in the catalog`);
    return carried;
  }
  if (entry.reported) {
    find('reported-code', `${entry.code} is reported elsewhere, never returned as a response`);
  }
  if (entry.status !== status) {
    find('code-status', `${entry.code} has status ${entry.status} in the catalog, not ${status}`);
  }
  if (type !== undefined && builtinName(format) === 'problem') {
    const expected = wireType(catalog, entry, format);
    if (expected !== type) {
      find('problem-type', `${entry.code} has problem type ${expected}, not ${type}`);
    }
  }
  // Only formats that carry details as sent can be held to the schema (google stringifies them,
  // the others drop them); a custom format's parse gives them back as its own.
  const name = builtinName(format);
  const asSent = name === undefined || name === 'envelope' || name === 'problem';
  if (entry.details !== undefined && details !== undefined && asSent) {
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

/** The one entry whose problem type is this URI (`about:blank` names none). */
function entryOfType(catalog: Catalog, format: Format, type: string): CatalogEntry | undefined {
  if (type === 'about:blank') return undefined;
  const found = catalog.entries().filter((e) => wireType(catalog, e, format) === type);
  return found.length === 1 ? found[0] : undefined;
}
