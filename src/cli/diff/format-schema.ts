// A custom format's body schema compared for its clients: the server renders the body, so only
// what a client reads counts — a member that may go missing breaks it, one that is now always
// there does not.
import {
  canonicalJson,
  describeSchema,
  isSchema,
  type JsonSchema,
  type JsonValue,
} from '../shared/json-schema.js';
import type { Change, ChangeKind } from './change.js';
import { type FieldChange, fieldChanges } from './details.js';

/** How each kind of details change reads for a body: its kind there, and whether it breaks. */
const AS_MEMBER: Readonly<Partial<Record<ChangeKind, [ChangeKind, boolean]>>> = {
  'details-field-removed': ['format-member-removed', true],
  'details-field-added': ['format-member-added', false],
  'details-field-optional': ['format-member-optional', true],
  'details-field-required': ['format-member-required', false],
  'details-field-narrowed': ['format-member-narrowed', false],
  'details-field-widened': ['format-member-widened', true],
  'details-field-changed': ['format-member-changed', true],
  'details-field-reworded': ['format-member-reworded', false],
};

/** `const` or `enum` values: a list only gaining values is a body gaining codes, not a break. */
function values(schema: JsonValue | undefined): JsonValue[] | undefined {
  if (!isSchema(schema)) return undefined;
  if ('const' in schema) return [schema.const as JsonValue];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function onlyAdds(before: JsonValue | undefined, after: JsonValue | undefined): boolean {
  const was = values(before);
  const is = values(after);
  if (was === undefined || is === undefined) return false;
  const now = new Set(is.map(canonicalJson));
  return was.every((v) => now.has(canonicalJson(v)));
}

/** The parent path of a member path: `body.error.code` -> `body.error`. */
function parentOf(path: string): string {
  const at = path.lastIndexOf('.');
  return at < 0 ? '' : path.slice(0, at);
}

/**
 * The changes of a custom format's body schema (`body.error.code` paths): a member removed,
 * made optional or changed breaks clients, and so does a widened type unless it only gains
 * values; a member added or now always sent, a narrowed type and a reworded description do not.
 * A member removed and one added in the same object with the same schema read as a rename.
 * @example schemaChanges(oldFormat.schema, newFormat.schema)
 */
export function schemaChanges(old: JsonSchema, now: JsonSchema): Change[] {
  const raw = fieldChanges('body', old, now);
  const removed = raw.filter((c) => c.kind === 'details-field-removed');
  const added = raw.filter((c) => c.kind === 'details-field-added');
  const renamed = new Map<FieldChange, FieldChange>();
  for (const gone of removed) {
    const twins = added.filter(
      (c) =>
        parentOf(c.field ?? '') === parentOf(gone.field ?? '') &&
        canonicalJson(c.after ?? null) === canonicalJson(gone.before ?? null),
    );
    const [twin] = twins;
    if (twins.length === 1 && twin !== undefined && ![...renamed.values()].includes(twin)) {
      renamed.set(gone, twin);
    }
  }
  const paired = new Set<FieldChange>([...renamed.values()]);
  const out: Change[] = [];
  for (const c of raw) {
    if (paired.has(c)) continue;
    const twin = renamed.get(c);
    const member = c.field ?? 'body';
    if (twin !== undefined) {
      const to = twin.field ?? 'body';
      out.push({
        kind: 'format-member-renamed',
        member,
        breaking: true,
        message: `member ${member} renamed to ${to}`,
        before: member,
        after: to,
      });
      continue;
    }
    const [kind, breaking] = AS_MEMBER[c.kind] ?? ['format-member-changed', true];
    const gains = kind === 'format-member-widened' && onlyAdds(c.before, c.after);
    out.push({
      kind,
      member,
      breaking: breaking && !gains,
      message: messageOf(kind, member, c),
      ...(c.before === undefined ? {} : { before: c.before }),
      ...(c.after === undefined ? {} : { after: c.after }),
    });
  }
  return out;
}

function messageOf(kind: ChangeKind, member: string, c: FieldChange): string {
  const schema = isSchema(c.after ?? null) ? (c.after as JsonSchema) : {};
  switch (kind) {
    case 'format-member-added':
      return `member ${member} added (${describeSchema(schema)})`;
    case 'format-member-required':
      return `member ${member} now in every body`;
    case 'format-member-removed':
      return `member ${member} removed, so clients reading it get nothing`;
    default:
      // The details wording, told of a member of the body.
      return c.message.replace(/^([^:]+): field /, '$1: member ');
  }
}
