import type { JsonValue } from '../shared/json-schema.js';

/** Every kind of change `errata diff` reports; the `breaking` flag of a change says which way. */
export type ChangeKind =
  | 'code-removed'
  | 'code-renamed'
  | 'code-added'
  | 'status-changed'
  | 'retryable-changed'
  | 'expose-changed'
  | 'title-changed'
  | 'category-changed'
  | 'since-changed'
  | 'deprecated-changed'
  | 'details-added'
  | 'details-removed'
  | 'details-not-comparable'
  | 'details-field-removed'
  | 'details-field-added'
  | 'details-field-optional'
  | 'details-field-required'
  | 'details-field-narrowed'
  | 'details-field-widened'
  | 'details-field-changed'
  | 'details-field-reworded'
  | 'role-remapped'
  | 'role-removed'
  | 'role-added'
  | 'type-changed'
  | 'reported-changed'
  | 'format-switched'
  | 'format-content-type-changed'
  | 'format-option-changed'
  | 'format-member-renamed'
  | 'format-member-removed'
  | 'format-member-added'
  | 'format-member-optional'
  | 'format-member-required'
  | 'format-member-narrowed'
  | 'format-member-widened'
  | 'format-member-changed'
  | 'format-member-reworded'
  | 'locale-own-changed'
  | 'locale-removed'
  | 'locale-added'
  | 'locale-codes-untranslated'
  | 'locale-codes-translated';

/**
 * How much a change matters: `breaking` can fail a client or a server in use; `warning` fails
 * nothing but changes what clients read (a language removed: they get the catalog's own instead);
 * `compatible` is safe.
 */
export type Severity = 'breaking' | 'warning' | 'compatible';

/** One difference between two contracts. */
export type Change = {
  kind: ChangeKind;
  /**
   * The code concerned (for a role, the code it maps to now, or did before it was removed).
   * Absent for a change of the wire format (`format-…`), which concerns every code.
   */
  code?: string;
  /** The role concerned, for role changes. */
  role?: string;
  /** The details field concerned, as a path: `details.user.id`, `details.items[]`. */
  field?: string;
  /** The body member concerned by a format change, as a path: `error.request_id`, `body.fault`. */
  member?: string;
  /** The locale concerned by a change of the catalog's languages (`locale-…`). */
  locale?: string;
  breaking: boolean;
  /** `breaking` when `breaking` is true; else `warning` when the change says so, else `compatible`. */
  severity?: Severity;
  /** One line for people, naming the field when there is one. */
  message: string;
  before?: JsonValue;
  after?: JsonValue;
};
