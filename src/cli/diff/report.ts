import { upperSnake } from '../../code-case.js';
import { type ContractEntry, compareText, type Snapshot } from '../shared/contract.js';
import { canonicalJson, type JsonValue } from '../shared/json-schema.js';
import type { Change, ChangeKind, Severity } from './change.js';
import { detailsChanges } from './details.js';
import { formatChanges } from './format.js';
import { localeChanges } from './locales.js';

/**
 * Every change from one contract to the next, breaking ones first, then by code, role and field.
 * What breaks is what can fail a client already in use, or a server that conforms today:
 * see `errata diff --help` for the rules.
 * @example const changes = diffSnapshots(snapshotOf(v1), snapshotOf(v2));
 */
export function diffSnapshots(before: Snapshot, after: Snapshot): Change[] {
  const changes: Change[] = formatChanges(before.format, after.format);
  // `reported` is written only when true since contract/2: in an older file, absent is unknown.
  const knowsReported = before.errata !== 'contract/1' && after.errata !== 'contract/1';
  const removed = Object.keys(before.codes).filter((code) => !(code in after.codes));
  const added = Object.keys(after.codes).filter((code) => !(code in before.codes));
  const renames = pairRenames(removed, added, before, after);
  for (const [from, to] of renames) {
    changes.push({
      kind: 'code-renamed',
      code: from,
      breaking: true,
      message: `renamed (removed ${from}, added ${to})`,
      before: from,
      after: to,
    });
  }
  const renamedTo = new Set(renames.values());
  for (const code of removed.filter((c) => !renames.has(c))) {
    const entry = before.codes[code] as ContractEntry;
    const was = `${entry.status} ${entry.title}`;
    const message = `removed (was ${was})`;
    changes.push({ kind: 'code-removed', code, breaking: true, message, before: asJson(entry) });
  }
  for (const code of added.filter((c) => !renamedTo.has(c))) {
    const entry = after.codes[code] as ContractEntry;
    const what = `${entry.status} ${entry.title}${entry.retryable ? ', retryable' : ''}`;
    const message = `added (${what})`;
    changes.push({ kind: 'code-added', code, breaking: false, message, after: asJson(entry) });
  }
  for (const [code, old] of Object.entries(before.codes)) {
    const now = after.codes[code];
    if (now !== undefined) changes.push(...entryChanges(code, old, now, knowsReported));
  }
  changes.push(...roleChanges(before.roles, after.roles));
  changes.push(
    ...localeChanges(
      before.locales,
      after.locales,
      new Set(Object.keys(before.codes)),
      new Set(Object.keys(after.codes)),
    ),
  );
  return changes.sort(compareChanges).map(inOrder);
}

/**
 * Removed and added codes that look like one code renamed: the same code respelt (case and
 * separators), else the only removed/added pair with the same status and details schema.
 */
function pairRenames(
  removed: string[],
  added: string[],
  before: Snapshot,
  after: Snapshot,
): Map<string, string> {
  const pairs = new Map<string, string>();
  const free = new Set(added);
  for (const from of removed) {
    const to = [...free].find((code) => upperSnake(code) === upperSnake(from));
    if (to !== undefined) {
      pairs.set(from, to);
      free.delete(to);
    }
  }
  const signature = (entry: ContractEntry) =>
    `${entry.status} ${entry.details === undefined ? '-' : canonicalJson(entry.details)}`;
  const oldSigs = removed
    .filter((code) => !pairs.has(code))
    .map((code) => [code, signature(before.codes[code] as ContractEntry)] as const);
  const newSigs = [...free].map(
    (code) => [code, signature(after.codes[code] as ContractEntry)] as const,
  );
  for (const [from, sig] of oldSigs) {
    const olds = oldSigs.filter(([, s]) => s === sig);
    const news = newSigs.filter(([, s]) => s === sig);
    const only = news[0];
    if (olds.length === 1 && news.length === 1 && only !== undefined) pairs.set(from, only[0]);
  }
  return pairs;
}

function entryChanges(
  code: string,
  old: ContractEntry,
  now: ContractEntry,
  knowsReported: boolean,
): Change[] {
  const out: Change[] = [];
  const push = (kind: ChangeKind, breaking: boolean, message: string, b: JsonValue, a: JsonValue) =>
    out.push({ kind, code, breaking, message, before: b, after: a });
  // A side without a type (a contract/1 file) does not know it: unknown, not changed.
  if (old.type !== undefined && now.type !== undefined && old.type !== now.type) {
    const message = `problem type changed: ${old.type} → ${now.type}, so clients branching on type miss it`;
    push('type-changed', true, message, old.type, now.type);
  }
  if (knowsReported && (old.reported ?? false) !== (now.reported ?? false)) {
    const message = now.reported
      ? 'no longer returned as an HTTP response (now reported elsewhere)'
      : 'now returned as an HTTP response (was reported elsewhere)';
    push(
      'reported-changed',
      now.reported === true,
      message,
      old.reported ?? false,
      now.reported ?? false,
    );
  }
  if (old.status !== now.status) {
    push(
      'status-changed',
      true,
      `status changed: ${old.status} → ${now.status}`,
      old.status,
      now.status,
    );
  }
  if (old.retryable !== now.retryable) {
    const message = `retryable changed: ${old.retryable} → ${now.retryable}`;
    push('retryable-changed', true, message, old.retryable, now.retryable);
  }
  if (old.expose !== now.expose) {
    const message = now.expose
      ? 'now exposes its message and details to clients (expose false → true)'
      : 'no longer exposes its message and details to clients (expose true → false)';
    push('expose-changed', !now.expose, message, old.expose, now.expose);
  }
  if (old.title !== now.title) {
    const message = `title changed: ${JSON.stringify(old.title)} → ${JSON.stringify(now.title)}`;
    push('title-changed', false, message, old.title, now.title);
  }
  if (old.category !== now.category) {
    const message = `category changed: ${old.category} → ${now.category}`;
    push('category-changed', false, message, old.category, now.category);
  }
  if (old.since !== now.since) {
    const message = `since changed: ${old.since ?? 'none'} → ${now.since ?? 'none'}`;
    push('since-changed', false, message, old.since ?? null, now.since ?? null);
  }
  if (old.deprecated !== now.deprecated) {
    const message =
      now.deprecated === undefined
        ? 'no longer deprecated'
        : `deprecated${now.deprecated === true ? '' : ` (${now.deprecated})`}`;
    push('deprecated-changed', false, message, old.deprecated ?? false, now.deprecated ?? false);
  }
  out.push(...detailsChanges(code, old, now));
  return out;
}

function roleChanges(old: Record<string, string>, now: Record<string, string>): Change[] {
  const out: Change[] = [];
  for (const [role, code] of Object.entries(old)) {
    const next = now[role];
    if (next === undefined) {
      const message = `role ${role} removed (mapped to ${code})`;
      out.push({ kind: 'role-removed', code, role, breaking: true, message, before: code });
    } else if (next !== code) {
      const message = `role ${role} remapped: ${code} → ${next}`;
      out.push({
        kind: 'role-remapped',
        code: next,
        role,
        breaking: true,
        message,
        before: code,
        after: next,
      });
    }
  }
  for (const [role, code] of Object.entries(now)) {
    if (role in old) continue;
    const message = `role ${role} added (maps to ${code})`;
    out.push({ kind: 'role-added', code, role, breaking: false, message, after: code });
  }
  return out;
}

function asJson(entry: ContractEntry): JsonValue {
  return entry as unknown as JsonValue;
}

/** The same key order in every change, whichever code built it, so JSON output reads alike. */
function inOrder(change: Change): Change {
  const { kind, code, role, field, member, locale, breaking, message, before, after } = change;
  return {
    kind,
    ...(code === undefined ? {} : { code }),
    ...(role === undefined ? {} : { role }),
    ...(field === undefined ? {} : { field }),
    ...(member === undefined ? {} : { member }),
    ...(locale === undefined ? {} : { locale }),
    breaking,
    severity: severityOf(change),
    message,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  };
}

/**
 * A change's severity: breaking, else the warning it was made as, else compatible.
 * @example severityOf({ kind: 'locale-removed', breaking: false, severity: 'warning', message: '' }) // 'warning'
 */
export function severityOf(change: Change): Severity {
  if (change.breaking) return 'breaking';
  return change.severity === 'warning' ? 'warning' : 'compatible';
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  breaking: 0,
  warning: 1,
  compatible: 2,
};

/** Format changes first (they concern every code), then codes, roles, and languages. */
function rank(change: Change): number {
  if (change.locale !== undefined) return 3;
  return change.code === undefined ? 0 : change.role === undefined ? 1 : 2;
}

function compareChanges(a: Change, b: Change): number {
  return (
    SEVERITY_RANK[severityOf(a)] - SEVERITY_RANK[severityOf(b)] ||
    rank(a) - rank(b) ||
    compareText(
      a.role ?? a.code ?? a.member ?? a.locale ?? '',
      b.role ?? b.code ?? b.member ?? b.locale ?? '',
    ) ||
    compareText(a.field ?? '', b.field ?? '') ||
    compareText(a.kind, b.kind)
  );
}
