import type { FieldViolation } from '../api-error.js';
import {
  isObject,
  type JsonObject,
  nonEmpty,
  parsedError,
  str,
  violation,
} from '../formats/shared.js';
import { arrayPath, firstObject, push, type ShapeParser, statusOf } from './util.js';

/**
 * GraphQL responses with errors: `{ errors: [{ message, path?, locations?, extensions?: { code }
 * }], data? }`. Code and message come from the first error; each error with a `path` becomes a
 * violation at that path (GraphQL's path into the response, e.g. `['user', 'posts', 0]`).
 * GraphQL servers often answer 200: the status then follows `extensions.http.status` when the
 * server says one (Apollo), else the usual rule (500).
 */
export const parseGraphql: ShapeParser = (input) => {
  const body = input.json;
  // A top-level `message` is an API's own envelope (HubSpot): GraphQL responses have none.
  if (!isObject(body) || !Array.isArray(body.errors) || typeof body.message === 'string')
    return undefined;
  const first = firstObject(body.errors);
  // JSON:API error objects have no `message`; GitHub's items name a `resource`.
  if (first === undefined || typeof first.message !== 'string' || 'resource' in first)
    return undefined;
  const extensions = isObject(first.extensions) ? first.extensions : {};
  const code = str(extensions.code) ?? str(first.code);
  const fields: FieldViolation[] = [];
  for (const item of body.errors) {
    if (!push(fields, graphqlViolation(item))) break;
  }
  const http = isObject(extensions.http) ? extensions.http : {};
  return parsedError(input, 'graphql', {
    code,
    message: first.message,
    fields,
    details: extensionDetails(extensions),
    status: statusOf(http.status) ?? statusOf(extensions.status),
  });
};

function graphqlViolation(item: unknown): FieldViolation | undefined {
  if (!isObject(item) || typeof item.message !== 'string') return undefined;
  const path = arrayPath(item.path);
  if (path === undefined) return undefined;
  return violation(
    path,
    item.message,
    isObject(item.extensions) ? item.extensions.code : undefined,
  );
}

/** The first error's extensions without the code (already read) and server stack traces. */
function extensionDetails(extensions: JsonObject): unknown {
  const {
    code: _code,
    stacktrace: _stack,
    exception: _exception,
    http: _http,
    ...rest
  } = extensions;
  return nonEmpty(rest);
}
