import { z } from 'zod';
import { type ErrataApp, errata } from '../../../src/server/node/index.js';
import type { ErrorInfo } from '../../../src/server/settings.js';
import { accessGuard, TEST_TOKENS } from '../shared/auth.js';
import type { SeedRateLimit } from '../shared/env.js';
import { seedRateLimit } from '../shared/rate-limit.js';
import { catalog } from './catalog.js';

/** One order. */
export type Order = { id: string; email: string; amount: number; reference?: string };

/** Where orders live: a Map or anything with its methods (tests pass failing ones). */
export type OrderStore = Pick<Map<string, Order>, 'get' | 'set' | 'values'>;

/** Options of the seed 004 app. */
export type OrdersAppOptions = {
  /** Limit every request to `limit` per `windowSeconds` per client IP (`RATE_LIMIT`). @default no limit */
  rateLimit?: SeedRateLimit | undefined;
  /** Where orders are kept. @default a new, empty Map */
  orders?: OrderStore | undefined;
  /** Where unexpected errors go. @default console.error with the request id */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
};

/** 401 without a known bearer token, 403 when a read-only token writes. */
const authorize = accessGuard(TEST_TOKENS, {
  invalid: () => catalog.error('unauthorized'),
  forbidden: () => catalog.error('forbidden'),
});

/** A type error says "required" when the member is absent, else names the type wanted. */
const required = (field: string, type: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `The ${field} field is required.` : `The ${field} must be ${type}.`;

/**
 * Body of `POST /api/orders`. Every failing rule of a field reports (no bail): an empty
 * `email` is both missing and not an email address, so it gets two messages.
 */
export const createOrderSchema = z.object({
  email: z
    .string({ error: required('email', 'a string') })
    .min(1, 'The email field is required.')
    .email('The email must be a valid email address.'),
  amount: z
    .number({ error: required('amount', 'a number') })
    .gt(0, 'The amount must be greater than 0.'),
  reference: z.string().max(64, 'The reference may not be greater than 64 characters.').optional(),
});

/** 401 without a known key, 403 when a read-only key tries to write. */

/**
 * Seed 004 as an errata/node app: `POST /api/orders` and `GET /api/orders/:id`, every error a
 * Laravel-style `{ message, errors? }` body (the catalog's format).
 * @example
 * const app = createApp();
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function createApp(options: OrdersAppOptions = {}): ErrataApp {
  const orders: OrderStore = options.orders ?? new Map<string, Order>();
  let nextId = 1;
  const app = errata({
    catalog,
    // The API promises one shape: `Accept: application/problem+json` still gets `{ message, errors? }`.
    negotiate: false,
    onError: options.onError,
    // Per client IP; this API documents no rate-limit headers, only `Retry-After` on a 429.
    rateLimit: seedRateLimit(options.rateLimit, { catalog, headers: 'none' }),
  });

  app.route('/api/orders', {
    async POST(ctx) {
      authorize(ctx.req, 'write');
      const input = await ctx.json(createOrderSchema);
      if (input.reference !== undefined) {
        for (const order of orders.values()) {
          if (order.reference === input.reference) {
            throw catalog.error('conflict', undefined, {
              message: 'An order with this reference already exists.',
            });
          }
        }
      }
      const order: Order = { id: String(nextId++), email: input.email, amount: input.amount };
      if (input.reference !== undefined) order.reference = input.reference;
      orders.set(order.id, order);
      return { status: 201, body: { data: order } };
    },
  });
  // GET only: any other method is a 405 with `Allow`.
  app.route('/api/orders/:id', {
    GET(ctx) {
      authorize(ctx.req, 'read');
      const order = orders.get(ctx.params.id);
      if (order === undefined) {
        throw catalog.error('not_found', undefined, { message: 'Order not found.' });
      }
      return { body: { data: order } };
    },
  });
  return app;
}
