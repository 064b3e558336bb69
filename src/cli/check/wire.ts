import type { FormatName } from '../../formats/index.js';

type Json = Record<string, unknown>;

/** What a body says about itself: what is wrong with its shape, and the code it carries. */
export type WireShape = {
  /** Violations of the format's shape, one short sentence each; empty when well-formed. */
  problems: string[];
  /** The error code as carried (absent for formats without one, or when the body omits it). */
  code: string | undefined;
};

/** Formats whose bodies carry the error code; `message` and `laravel` carry only text. */
export const CARRIES_CODE: ReadonlySet<FormatName> = new Set([
  'problem',
  'envelope',
  'success',
  'google',
  'jsonapi',
  'stripe',
]);

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * Check a decoded body against the shape errata renders for a wire format — stricter than the
 * parser, which is lenient on purpose (it must read other APIs' bodies). `status` is the
 * response's: a status inside the body must agree with it.
 * @example wireShape('envelope', 404, { error: { code: 'not_found', message: 'Not found' } }) // { problems: [], code: 'not_found' }
 */
export function wireShape(format: FormatName, status: number, body: unknown): WireShape {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  if (!isObject(body)) return { problems: ['the body is not a JSON object'], code: undefined };
  switch (format) {
    case 'problem': {
      need(body.type === undefined || isString(body.type), '`type` is not a string');
      need(isString(body.title), '`title` is missing or not a string');
      need(
        body.status === undefined || body.status === status,
        statusProblem('`status`', body.status, status),
      );
      need(body.detail === undefined || isString(body.detail), '`detail` is not a string');
      need(body.instance === undefined || isString(body.instance), '`instance` is not a string');
      const type = isString(body.type) && body.type !== 'about:blank' ? body.type : undefined;
      return { problems, code: stringOr(body.code, type && lastSegment(type)) };
    }
    case 'envelope': {
      const e = body.error;
      if (!isObject(e))
        return { problems: ['`error` is missing or not an object'], code: undefined };
      need(isString(e.message), '`error.message` is missing or not a string');
      need(e.details === undefined || isObject(e.details), '`error.details` is not an object');
      return { problems, code: stringOr(e.code) };
    }
    case 'message':
      need(isString(body.message), '`message` is missing or not a string');
      return { problems, code: undefined };
    case 'laravel':
      need(isString(body.message), '`message` is missing or not a string');
      need(
        body.errors === undefined || isStringListMap(body.errors),
        '`errors` is not a map of string lists',
      );
      return { problems, code: undefined };
    case 'success': {
      need(body.success === false, '`success` is not false');
      const e = body.error;
      if (!isObject(e))
        return { problems: [...problems, '`error` is missing or not an object'], code: undefined };
      need(isString(e.message), '`error.message` is missing or not a string');
      need(body.meta === undefined || isObject(body.meta), '`meta` is not an object');
      return { problems, code: stringOr(e.code) };
    }
    case 'google': {
      const e = body.error;
      if (!isObject(e))
        return { problems: ['`error` is missing or not an object'], code: undefined };
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
      return { problems, code: isObject(info) ? stringOr(info.reason) : undefined };
    }
    case 'jsonapi': {
      const errors = body.errors;
      if (!Array.isArray(errors) || errors.length === 0) {
        return { problems: ['`errors` is missing or an empty list'], code: undefined };
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
      return { problems, code: stringOr(first.code) };
    }
    case 'stripe': {
      const e = body.error;
      if (!isObject(e))
        return { problems: ['`error` is missing or not an object'], code: undefined };
      need(isString(e.type), '`error.type` is missing or not a string');
      need(isString(e.message), '`error.message` is missing or not a string');
      return { problems, code: stringOr(e.code) };
    }
  }
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
