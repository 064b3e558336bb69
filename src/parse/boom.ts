import type { FieldViolation } from '../api-error.js';
import {
  fromDotted,
  fromPointer,
  isObject,
  num,
  parsedError,
  str,
  violation,
} from '../formats/shared.js';
import { clip, MAX_FIELDS, push, type ShapeParser } from './util.js';

/**
 * hapi's Boom payload `{ statusCode, error: "Bad Request", message, validation? }`, which NestJS
 * (`message` may be a list of class-validator messages) and Fastify (`code: "FST_ERR_…"`, ajv
 * `validation` list) also send. `error` is the reason phrase, so it becomes the title.
 */
export const parseBoom: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body) || num(body.statusCode) === undefined) return undefined;
  const error = str(body.error);
  const raw = body.message;
  if (error === undefined && typeof raw !== 'string' && !Array.isArray(raw)) return undefined;
  // Kept in details, which bounded() does not cut: each message is clipped here.
  const messages = Array.isArray(raw)
    ? raw
        .slice(0, MAX_FIELDS)
        .filter((m): m is string => typeof m === 'string')
        .map((m) => clip(m))
    : undefined;
  // NestJS lists one class-validator message per violation: the first is the error's message,
  // as the first item of any error list is elsewhere; all of them stay in details.
  const message = typeof raw === 'string' ? raw : messages?.[0];
  return parsedError(input, 'boom', {
    status: num(body.statusCode),
    code: str(body.code),
    title: error,
    message: message !== undefined && message !== '' ? message : (error ?? ''),
    details: messages === undefined ? undefined : { messages },
    fields: boomFields(body.validation, typeof raw === 'string' ? raw : undefined),
  });
};

/** Joi's `{ source, keys: ['a.b'] }` (hapi) or ajv's `[{ instancePath, message, keyword }]` (Fastify). */
function boomFields(validation: unknown, message: string | undefined): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (Array.isArray(validation)) {
    for (const item of validation) {
      if (!isObject(item) || typeof item.message !== 'string') continue;
      const pointer = str(item.instancePath) ?? str(item.dataPath) ?? '';
      const path = pointer.startsWith('/')
        ? fromPointer(pointer)
        : fromDotted(pointer.replace(/^\./, ''));
      if (!push(out, violation(path, item.message, item.keyword))) break;
    }
  } else if (isObject(validation) && Array.isArray(validation.keys) && message !== undefined) {
    for (const key of validation.keys) {
      if (typeof key === 'string' && !push(out, { path: fromDotted(key), message })) break;
    }
  }
  return out;
}
