// The `format` member of a snapshot file (contract/2): checked on load like the codes, so a
// hand-edited or corrupt lock file is refused with the member at fault, not misread by diff.

/** Members a recorded format may have, and what each must be. */
const MEMBERS: Readonly<Record<string, (value: unknown) => boolean>> = {
  name: (v) => typeof v === 'string' && v !== '',
  contentType: (v) => typeof v === 'string' && v !== '',
  options: (v) => isPlainObject(v),
  schema: (v) => isPlainObject(v),
};

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The first thing wrong with a snapshot's `format`, or `undefined` when it is well formed: an
 * object with `name` and `contentType`, and `options` (a built-in) or `schema` (a custom format).
 * @example formatProblem({ name: 'problem', contentType: 'application/problem+json', options: {} }) // undefined
 */
export function formatProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be an object';
  const format = value as Record<string, unknown>;
  for (const key of ['name', 'contentType']) {
    if (!(key in format)) return `"${key}" is missing`;
  }
  for (const [key, member] of Object.entries(format)) {
    const valid = MEMBERS[key];
    if (valid === undefined) return `unknown field "${key}"`;
    if (!valid(member)) return `"${key}" has the wrong type or value`;
  }
  if ('options' in format && 'schema' in format) return 'has both "options" and "schema"';
  return undefined;
}
