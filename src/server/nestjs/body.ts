import { hasBody, readJson } from '../body.js';
import { isJsonContentType, requireJsonContentType } from '../json.js';
import type { Settings } from '../settings.js';
import type { ErrataJsonOptions } from './decorators.js';
import { rawRequestOf } from './request.js';

// The JSON body of a route, read by the interceptor before Nest's pipes see `@Body()`. On
// Express errata reads it itself (Nest's body parser must be off: `bodyParser: false`), so a
// route's guards run before a single byte is read; on Fastify the platform read it already
// through the parser the module installs (errata's: same limit, same refusals).

type BodyHolder = { body?: unknown; _body?: unknown };

/** Whether a platform request is Fastify's (its body is parsed before Nest sees the request). */
function parsedByPlatform(request: unknown): boolean {
  const holder = request as BodyHolder;
  // A FastifyRequest has `raw`; body-parser marks what it parsed with `_body`.
  return (
    typeof (request as { raw?: unknown }).raw === 'object' ||
    holder._body === true ||
    holder.body !== undefined
  );
}

/**
 * Read the JSON body of a request when the route requires one (`json` given) or the request
 * carries a JSON body; undefined when there is nothing to wait for.
 * @example const pending = jsonBody(settings, req, { limit: undefined });
 */
export function jsonBody(
  settings: Settings,
  request: unknown,
  json: ErrataJsonOptions | undefined,
): Promise<void> | undefined {
  const raw = rawRequestOf(request);
  const contentType = raw.headers['content-type'];
  const { catalog } = settings;
  if (parsedByPlatform(request)) {
    if (json === undefined) return undefined;
    requireJsonContentType(contentType, catalog);
    if ((request as BodyHolder).body === undefined) {
      throw catalog.roleError('invalid_request', {
        message: 'The request body is empty; send a JSON value.',
      });
    }
    return undefined;
  }
  if (json === undefined && !(hasBody(raw) && isJsonContentType(contentType))) return undefined;
  const limit = json?.limit ?? settings.bodyLimit;
  return readJson(raw, { limit, catalog }).then((body) => {
    (request as BodyHolder).body = body;
    // body-parser's marker: a parser mounted later leaves the body alone.
    (request as BodyHolder)._body = true;
  });
}
