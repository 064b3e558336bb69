import type { ApiError, FieldViolation } from '../api-error.js';
import { isObject, MAX_PARSED_FIELDS, str } from '../formats/shared.js';
import type { ShapeInput } from '../formats/types.js';

/** One body shape: an ApiError when the body is this shape's, else `undefined` (and fast). */
export type ShapeParser = (input: ShapeInput) => ApiError | undefined;

/** Longest message taken from a body; a hostile 1 MiB `message` must not reach a log line whole. */
export const MAX_MESSAGE = 1000;

/** Most violations kept from one body; loops over body lists stop here, so work stays bounded. */
/** Most violations read from one body (the same bound as the formats' parsers). */
export const MAX_FIELDS = MAX_PARSED_FIELDS;

/** A string cut to `max` characters (ending in `…` when cut), without splitting a surrogate pair. */
export function clip(s: string, max: number = MAX_MESSAGE): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/**
 * A string member cut to `max`, or undefined. Only for bounds tighter than `bounded()`'s, which
 * already cuts every message, title and violation to MAX_MESSAGE.
 */
export function clipped(value: unknown, max: number = MAX_MESSAGE): string | undefined {
  const s = str(value);
  return s === undefined ? undefined : clip(s, max);
}

/** A violation with `code` only when there is one (exactOptionalPropertyTypes forbids `undefined`). */
export function field(
  path: (string | number)[],
  message: string,
  code: string | undefined,
): FieldViolation {
  return code === undefined ? { path, message } : { path, message, code };
}

/** A non-empty string member, or undefined. */
export function filled(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A path given as a JSON array of names and indexes (GraphQL `path`, Pydantic `loc`). */
export function arrayPath(value: unknown): (string | number)[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: (string | number)[] = [];
  for (const part of value.slice(0, 64)) {
    if (typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)))
      out.push(part);
    else return undefined;
  }
  return out;
}

/** Add a violation unless the list is full; returns false once it is. */
export function push(list: FieldViolation[], v: FieldViolation | undefined): boolean {
  if (list.length >= MAX_FIELDS) return false;
  if (v !== undefined) list.push(v);
  return list.length < MAX_FIELDS;
}

/** The first element of a list when it is an object. */
export function firstObject(value: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(value)) return undefined;
  const first: unknown = value[0];
  return isObject(first) ? first : undefined;
}

/** A whole-number status from a number or a numeric string (`"422"`). */
export function statusOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{3}$/.test(value)) return Number(value);
  return undefined;
}
