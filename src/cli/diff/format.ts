// The wire format is part of the contract: a member renamed or left out, another type strategy,
// another format altogether changes what every client reads, whatever the codes say.
import { isFormatName } from '../../formats/index.js';
import type { FormatName } from '../../formats/types.js';
import { type ContractFormat, compareText } from '../shared/contract.js';
import { canonicalJson, type JsonValue } from '../shared/json-schema.js';
import {
  memberPath,
  type Names,
  optionNames,
  placesOf,
  settingsOf,
} from '../shared/wire-members.js';
import type { Change, ChangeKind } from './change.js';
import { schemaChanges } from './format-schema.js';

/** The value settings `memberNames` reports: the option that sets each, and its name in messages. */
const SETTINGS: Readonly<Record<string, { option: string; label: string }>> = {
  type: { option: 'type', label: 'problem type strategy' },
  precision: { option: 'timestamp', label: 'timestamp precision' },
};

const change = (
  kind: ChangeKind,
  breaking: boolean,
  message: string,
  extra: Partial<Change> = {},
): Change => ({ kind, breaking, message, ...extra });

/**
 * The changes of the wire format between two contracts; none when either side does not record
 * one (a `contract/1` file: unknown, not changed). Another format or content type breaks every
 * client; for a built-in, a member renamed or left out or another value option (problem `type`
 * strategy, timestamp precision) breaks, a member added does not; for a custom format, its body
 * schema is compared member by member.
 * @example formatChanges(before.format, after.format)
 */
export function formatChanges(
  old: ContractFormat | undefined,
  now: ContractFormat | undefined,
): Change[] {
  if (old === undefined || now === undefined) return [];
  const builtin = isFormatName(old.name) && old.options !== undefined && now.options !== undefined;
  if (
    old.name !== now.name ||
    (!builtin && (old.schema === undefined) !== (now.schema === undefined))
  ) {
    const message = `wire format switched: ${old.name} → ${now.name}, so clients read every error body differently`;
    return [change('format-switched', true, message, { before: old.name, after: now.name })];
  }
  const out: Change[] = [];
  if (old.contentType !== now.contentType) {
    const message = `content type changed: ${old.contentType} → ${now.contentType}`;
    out.push(
      change('format-content-type-changed', true, message, {
        before: old.contentType,
        after: now.contentType,
      }),
    );
  }
  if (builtin) {
    out.push(...optionChanges(old.name as FormatName, old.options ?? {}, now.options ?? {}));
  } else if (old.schema !== undefined && now.schema !== undefined) {
    out.push(...schemaChanges(old.schema, now.schema));
  }
  return out;
}

/**
 * What a built-in format's options change, read through the format itself: member names, value
 * settings. Options this errata's format refuses (a newer errata's) are compared as data.
 */
function optionChanges(
  name: FormatName,
  old: Record<string, JsonValue>,
  now: Record<string, JsonValue>,
): Change[] {
  const was = optionNames(name, old);
  const is = optionNames(name, now);
  if (was === undefined || is === undefined) return rawChanges(old, now);
  return [...memberChanges(name, was, is), ...settingChanges(name, was, is)];
}

/** Members renamed or left out (breaking) and added (not). */
function memberChanges(name: FormatName, was: Names, is: Names): Change[] {
  const out: Change[] = [];
  for (const key of Object.keys(placesOf(name))) {
    const a = was[key] ?? false;
    const b = is[key] ?? false;
    if (a === b) continue;
    if (a !== false && b !== false) {
      const [from, to] = [memberPath(name, key, a), memberPath(name, key, b)];
      out.push(
        change('format-member-renamed', true, `member ${from} renamed to ${to}`, {
          member: from,
          before: from,
          after: to,
        }),
      );
    } else if (a !== false) {
      const path = memberPath(name, key, a);
      const message = `member ${path} left out of every body, so clients reading it get nothing`;
      out.push(change('format-member-removed', true, message, { member: path, before: path }));
    } else if (b !== false) {
      const path = memberPath(name, key, b);
      out.push(
        change('format-member-added', false, `member ${path} added`, { member: path, after: path }),
      );
    }
  }
  return out;
}

/** Another value setting (problem `type` strategy, timestamp precision): every body differs. */
function settingChanges(name: FormatName, was: Names, is: Names): Change[] {
  const out: Change[] = [];
  const settingsWere = settingsOf(name, was);
  const settingsAre = settingsOf(name, is);
  for (const key of Object.keys(settingsWere).sort(compareText)) {
    const a = settingsWere[key] ?? false;
    const b = settingsAre[key] ?? false;
    // A setting switched off is a member left out, reported with the members.
    if (a === b || a === false || b === false) continue;
    const { option, label } = SETTINGS[key] ?? { option: key, label: `option ${key}` };
    out.push(
      change('format-option-changed', true, `${label} changed: ${a} → ${b}`, {
        member: option,
        before: a,
        after: b,
      }),
    );
  }
  return out;
}

/** Options compared as data, top-level key by key: any change may alter the body. */
function rawChanges(old: Record<string, JsonValue>, now: Record<string, JsonValue>): Change[] {
  const out: Change[] = [];
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort(compareText);
  for (const key of keys) {
    const a = old[key];
    const b = now[key];
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) continue;
    const show = (v: JsonValue | undefined) => (v === undefined ? 'unset' : JSON.stringify(v));
    out.push(
      change('format-option-changed', true, `option ${key} changed: ${show(a)} → ${show(b)}`, {
        member: key,
        before: a ?? null,
        after: b ?? null,
      }),
    );
  }
  return out;
}
