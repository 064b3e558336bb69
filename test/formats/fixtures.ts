import { z } from 'zod';
import type { ApiError, FieldViolation } from '../../src/api-error.js';
import { defineCatalog } from '../../src/catalog.js';
import type { RenderedError } from '../../src/formats/types.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { toApiError } from '../../src/render.js';

/** The secret a thrown error carries; it must never reach a rendered body. */
export const SECRET = 'password=hunter2 at db-primary.internal:5432';

/** A small catalog shared by the format tests. */
export const catalog = defineCatalog({
  typeBase: 'https://api.example.com/errors/',
  domain: 'api.example.com',
  errors: {
    secret_not_found: {
      status: 404,
      title: 'Secret not found',
      details: z.object({ name: z.string(), version: z.number() }),
      message: (d) => `No secret named '${d.name}'`,
    },
  },
});

export const FIELDS: FieldViolation[] = [
  { path: ['name'], message: 'must not be empty' },
  { path: ['items', 0, 'qty'], message: 'must be positive', code: 'too_small' },
];

/** (a) a 404 with details. */
export function notFound(): ApiError {
  return catalog.error('secret_not_found', { name: 'db', version: 3 });
}

/** (b) a 422 with two field violations (render with requestId 'req_1'). */
export function invalid(): ApiError {
  return catalog.roleError('validation_error', { fields: FIELDS });
}

/** (c) a 429 with retryAfter 42. */
export function limited(): ApiError {
  return catalog.roleError('rate_limited', { retryAfter: 42 });
}

/** (d) a 500 made from a thrown Error with a secret message. */
export function crashed(): ApiError {
  return toApiError(new Error(SECRET), catalog);
}

export const TIMESTAMP = '2025-01-02T03:04:05.000Z';

/** The JSON body of a rendered response. */
export function bodyOf(rendered: RenderedError): unknown {
  return JSON.parse(rendered.body);
}

/** Parse a rendered response back, as a client would receive it. */
export function back(rendered: RenderedError): ApiError {
  return parseErrorBody({
    status: rendered.status,
    headers: rendered.headers,
    body: rendered.body,
  });
}
