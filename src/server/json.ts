// Pure JSON request helpers: no Node built-ins, so errata/hono can use them on any runtime.
import type { Catalog } from '../catalog-types.js';

/**
 * Throw the catalog's 415 unless `contentType` names JSON (see isJsonContentType): every adapter
 * refuses a body it cannot read as JSON with the same words.
 * @example requireJsonContentType(req.headers['content-type'], catalog);
 */
export function requireJsonContentType(contentType: string | undefined, catalog: Catalog): void {
  if (isJsonContentType(contentType)) return;
  throw catalog.roleError('unsupported_media_type', {
    message:
      contentType === undefined
        ? 'The request has no Content-Type; send the body as application/json.'
        : 'The request body must be sent as application/json (UTF-8).',
  });
}

/**
 * Whether a `Content-Type` names JSON: `application/json` or `application/<anything>+json`,
 * with no charset other than UTF-8 (RFC 8259 JSON is UTF-8).
 * @example isJsonContentType('application/merge-patch+json; charset=utf-8') // true
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  // Index loops, not `[type, ...params]`: rest destructuring is slow and this runs per request.
  const parts = header.split(';');
  const media = (parts[0] as string).trim().toLowerCase();
  if (media !== 'application/json' && !/^application\/[a-z0-9!#$&^_.-]+\+json$/.test(media)) {
    return false;
  }
  for (let i = 1; i < parts.length; i++) {
    const [name = '', value = ''] = (parts[i] as string).split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return false;
  }
  return true;
}

/** Keys that could reach an object's prototype when a parsed body is later merged or assigned. */
function dropDangerousKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') return undefined;
  if (
    key === 'constructor' &&
    typeof value === 'object' &&
    value !== null &&
    Object.hasOwn(value, 'prototype')
  ) {
    return undefined;
  }
  return value;
}

/**
 * `JSON.parse` that drops every `__proto__` member and every `constructor` member holding a
 * `prototype`, at any depth (also when the key is written with `\u` escapes), so a parsed body
 * can be merged into other objects without polluting prototypes. Throws a SyntaxError on
 * malformed JSON.
 * @example safeJsonParse('{"__proto__":{"x":1},"a":1}') // { a: 1 }
 */
export function safeJsonParse(text: string): unknown {
  // The reviver costs time; only texts that could spell a dangerous key pay it.
  const risky = text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
  return risky ? JSON.parse(text, dropDangerousKeys) : JSON.parse(text);
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The JSON value of a request body's bytes, or the catalog's `invalid_request` (400) when they
 * are not UTF-8, empty, or not JSON. Prototype-polluting keys are dropped (see safeJsonParse).
 * Every adapter reads bodies through this, so they refuse the same bodies the same way.
 * @example const value = decodeJsonBody(bytes, catalog);
 */
export function decodeJsonBody(bytes: Uint8Array, catalog: Catalog): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw catalog.roleError('invalid_request', { message: 'The request body is not valid UTF-8.' });
  }
  if (text.trim() === '') {
    throw catalog.roleError('invalid_request', {
      message: 'The request body is empty; send a JSON value.',
    });
  }
  try {
    return safeJsonParse(text);
  } catch (cause) {
    throw catalog.roleError('invalid_request', {
      message: 'The request body is not valid JSON.',
      cause,
    });
  }
}
