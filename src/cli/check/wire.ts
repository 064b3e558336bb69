import { formats } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { builtinName } from '../shared/wire-format.js';
import {
  defaultNames,
  membersOf,
  type Names,
  placesOf,
  resolvedNames,
  settingsOf,
} from '../shared/wire-members.js';

type Json = Record<string, unknown>;

/** What a body says about itself: what is wrong with its shape, and the code it carries. */
export type WireShape = {
  /** Violations of the format's shape, one short sentence each; empty when well-formed. */
  problems: string[];
  /** The error code as carried (absent for formats without one, or when the body omits it). */
  code: string | undefined;
  /**
   * Whether the body is meant to carry a code (so that none is a finding): not for `message` and
   * `laravel`, nor a problem body whose options leave `code` out and whose type is `about:blank`.
   */
  carries: boolean;
  /** A problem body's `type`, to find its code by type URI when it has no `code` member. */
  type?: string;
};

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** Where members sit, as `PLACES` names them: only plain objects are looked into. */
const LEVELS: Readonly<Record<string, (body: Json) => unknown>> = {
  '': (body) => body,
  error: (body) => body.error,
  meta: (body) => body.meta,
};

/**
 * Check a decoded body against the shape errata renders for a wire format under its options —
 * stricter than the parser, which is lenient on purpose (it must read other APIs' bodies).
 * Members are looked for under their configured names, and one sent under its default name the
 * options renamed or left out is a problem. `status` is the response's: a status inside the
 * body must agree with it. A custom format is checked elsewhere (see `customShape`).
 * @example wireShape('envelope', 404, { error: { code: 'not_found', message: 'Not found' } }) // { problems: [], code: 'not_found', carries: true }
 */
export function wireShape(format: FormatName | Format, status: number, body: unknown): WireShape {
  const object = typeof format === 'string' ? formats[format] : format;
  const name = builtinName(object) ?? 'problem';
  const names = resolvedNames(name, object);
  const shape = builtinShape(name, names, status, body);
  if (isObject(body)) shape.problems.push(...misnamed(name, names, body));
  return shape;
}

/** Members sent under their default name though the options renamed them or left them out. */
function misnamed(format: FormatName, n: Names, body: Json): string[] {
  const out: string[] = [];
  const defaults = defaultNames(format);
  for (const [key, place] of Object.entries(placesOf(format))) {
    const level = LEVELS[place];
    const name = n[key];
    const usual = defaults[key];
    if (level === undefined || usual === undefined || usual === false || name === undefined) {
      continue;
    }
    if (name === usual) continue;
    const at = level(body);
    if (!isObject(at) || !(usual in at) || (name !== false && name in at)) continue;
    const path = place === '' ? usual : `${place}.${usual}`;
    out.push(
      name === false
        ? `\`${path}\` is sent, though the format leaves it out`
        : `\`${path}\` is sent where the format names it \`${name}\``,
    );
  }
  return out;
}

function builtinShape(format: FormatName, names: Names, status: number, body: unknown): WireShape {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const none = (problem: string): WireShape => ({
    problems: [problem],
    code: undefined,
    carries: true,
  });
  if (!isObject(body)) return { ...none('the body is not a JSON object'), carries: false };
  switch (format) {
    case 'problem': {
      const n = membersOf('problem', names);
      need(body.type === undefined || isString(body.type), '`type` is not a string');
      need(isString(body.title), '`title` is missing or not a string');
      need(
        body.status === undefined || body.status === status,
        statusProblem('`status`', body.status, status),
      );
      need(body.detail === undefined || isString(body.detail), '`detail` is not a string');
      if (n.instance !== false) {
        const instance = body[n.instance];
        need(instance === undefined || isString(instance), `\`${n.instance}\` is not a string`);
      }
      const type = isString(body.type) ? body.type : undefined;
      const typed = type !== undefined && type !== 'about:blank' ? type : undefined;
      const fromType =
        settingsOf('problem', names).type === 'code' ? typed : typed && lastSegment(typed);
      const carried = n.code === false ? undefined : body[n.code];
      const shape: WireShape = {
        problems,
        code: stringOr(carried, fromType),
        carries: n.code !== false || typed !== undefined,
      };
      if (type !== undefined) shape.type = type;
      return shape;
    }
    case 'envelope': {
      const n = membersOf('envelope', names);
      const e = body.error;
      if (!isObject(e)) return none('`error` is missing or not an object');
      need(isString(e.message), '`error.message` is missing or not a string');
      if (n.details !== false) {
        const details = e[n.details];
        need(details === undefined || isObject(details), `\`error.${n.details}\` is not an object`);
      }
      // errata always has a request id, and the envelope names it: a body without is not its.
      // (Sent under its default name instead, it is reported as misnamed below.)
      if (n.request_id !== false && (n.request_id === 'request_id' || !('request_id' in e))) {
        need(isString(e[n.request_id]), `\`error.${n.request_id}\` is missing or not a string`);
      }
      return {
        problems,
        code: n.code === false ? undefined : stringOr(e[n.code]),
        carries: n.code !== false,
      };
    }
    case 'message': {
      const key = membersOf('message', names).message || 'message';
      need(isString(body[key]), `\`${key}\` is missing or not a string`);
      return { problems, code: undefined, carries: false };
    }
    case 'laravel': {
      const n = membersOf('laravel', names);
      const message = n.message || 'message';
      const errors = n.errors || 'errors';
      need(isString(body[message]), `\`${message}\` is missing or not a string`);
      need(
        body[errors] === undefined || isStringListMap(body[errors]),
        `\`${errors}\` is not a map of string lists`,
      );
      return { problems, code: undefined, carries: false };
    }
    case 'success': {
      need(body.success === false, '`success` is not false');
      const e = body.error;
      if (!isObject(e))
        return {
          problems: [...problems, '`error` is missing or not an object'],
          code: undefined,
          carries: true,
        };
      need(isString(e.message), '`error.message` is missing or not a string');
      need(body.meta === undefined || isObject(body.meta), '`meta` is not an object');
      problems.push(...timestampProblems(names, body.meta));
      return { problems, code: stringOr(e.code), carries: true };
    }
    case 'google': {
      const e = body.error;
      if (!isObject(e)) return none('`error` is missing or not an object');
      need(e.code === status, statusProblem('`error.code`', e.code, status));
      need(isString(e.message), '`error.message` is missing or not a string');
      need(isString(e.status), '`error.status` is missing or not a string');
      const details = Array.isArray(e.details) ? e.details : [];
      need(e.details === undefined || Array.isArray(e.details), '`error.details` is not a list');
      need(
        details.every((d) => isObject(d) && isString(d['@type'])),
        'an `error.details` item has no `@type`',
      );
      const info = details.find((d) => isObject(d) && String(d['@type']).endsWith('.ErrorInfo'));
      return { problems, code: isObject(info) ? stringOr(info.reason) : undefined, carries: true };
    }
    case 'jsonapi': {
      const errors = body.errors;
      if (!Array.isArray(errors) || errors.length === 0) {
        return none('`errors` is missing or an empty list');
      }
      need(errors.every(isObject), 'an `errors` item is not an object');
      const first = isObject(errors[0]) ? errors[0] : {};
      for (const item of errors.filter(isObject)) {
        if (item.status !== undefined && item.status !== String(status)) {
          problems.push(statusProblem('`errors[].status`', item.status, String(status)));
          break;
        }
      }
      need(first.title === undefined || isString(first.title), '`errors[0].title` is not a string');
      need(
        first.detail === undefined || isString(first.detail),
        '`errors[0].detail` is not a string',
      );
      return { problems, code: stringOr(first.code), carries: true };
    }
    case 'stripe': {
      const e = body.error;
      if (!isObject(e)) return none('`error` is missing or not an object');
      need(isString(e.type), '`error.type` is missing or not a string');
      need(isString(e.message), '`error.message` is missing or not a string');
      return { problems, code: stringOr(e.code), carries: true };
    }
  }
}

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** `meta.timestamp` (under its name) is an ISO date-time of the configured precision. */
function timestampProblems(names: Names, meta: unknown): string[] {
  const n = membersOf('success', names);
  const precision = settingsOf('success', names).precision;
  if (n.timestamp === false || precision === false || !isObject(meta)) return [];
  const value = meta[n.timestamp];
  const path = `\`meta.${n.timestamp}\``;
  if (value === undefined) return [];
  const match = isString(value) ? DATE_TIME.exec(value) : null;
  if (match === null) return [`${path} is not an ISO 8601 date-time`];
  if (precision === 'seconds' && match[1] !== undefined) {
    return [`${path} has fractions of a second; the format sends whole seconds`];
  }
  return [];
}

function statusProblem(member: string, found: unknown, status: unknown): string {
  return `${member} is ${JSON.stringify(found) ?? 'missing'}, not the response status ${JSON.stringify(status)}`;
}

function stringOr(value: unknown, fallback?: string): string | undefined {
  return isString(value) && value !== '' ? value : fallback;
}

function isStringListMap(value: unknown): boolean {
  return (
    isObject(value) && Object.values(value).every((v) => Array.isArray(v) && v.every(isString))
  );
}

/** `https://api.example.com/errors/not_found` -> `not_found`. */
function lastSegment(type: string): string | undefined {
  if (type.length > 2048) return undefined; // the trim below is quadratic on a run of slashes
  const segment = type
    .replace(/[/#]+$/, '')
    .split(/[/#:]/)
    .pop();
  return segment !== undefined && /^[A-Za-z][\w.-]*$/.test(segment) ? segment : undefined;
}
