/**
 * errata's JSON body parser for platforms that read the body themselves and hand it over as
 * bytes (Fastify's content-type parsers: errata/fastify, and errata/nestjs on Fastify).
 */
import type { Catalog } from '../catalog-types.js';
import { decodeJsonBody, isJsonContentType } from './json.js';

const encoder = new TextEncoder();

/** `application/<anything>+json`, the structured-syntax JSON types (RFC 6839). */
export const JSON_SUFFIX = /^application\/[a-z0-9!#$&^_.-]+\+json(?:;|$)/;

/**
 * A content-type parser (`parseAs: 'buffer'`): prototype-safe (`safeJsonParse`), UTF-8 only (415
 * for another charset, 400 for invalid bytes), 400 when empty or malformed.
 * @example fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonParser(catalog));
 */
export function jsonParser(catalog: Catalog) {
  return (
    request: { readonly headers: Readonly<Record<string, unknown>> },
    // Bytes with `parseAs: 'buffer'` (what errata asks for); a string only with 'string'.
    body: Uint8Array | string,
    next: (error: Error | null, value?: unknown) => void,
  ): void => {
    const type = request.headers['content-type'];
    if (!isJsonContentType(typeof type === 'string' ? type : undefined)) {
      next(
        catalog.roleError('unsupported_media_type', {
          message: 'The request body must be sent as application/json (UTF-8).',
        }),
      );
      return;
    }
    let value: unknown;
    try {
      value = decodeJsonBody(typeof body === 'string' ? encoder.encode(body) : body, catalog);
    } catch (error) {
      next(error as Error);
      return;
    }
    next(null, value);
  };
}
