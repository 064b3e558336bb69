import type { FieldViolation } from '../../../src/api-error.js';
import { type Context, type ErrataApp, errata } from '../../../src/server/node/index.js';
import type { ErrorInfo } from '../../../src/server/settings.js';
import { type Access, accessGuard } from '../shared/auth.js';
import type { SeedRateLimit } from '../shared/env.js';
import { seedRateLimit } from '../shared/rate-limit.js';
import { catalog, PRIORITIES } from './catalog.js';

/** The keys the seed knows: the secret key writes, the publishable key only reads. */
export const API_KEYS: Readonly<Record<string, Access>> = {
  sk_live_test: 'write',
  pk_live_test: 'read',
};

/** 401 without a known key, 403 when a publishable key writes. */
const authorize = accessGuard(API_KEYS, {
  invalid: () => catalog.error('UNAUTHORIZED'),
  forbidden: () => catalog.error('FORBIDDEN'),
});

/** What the crash route throws: internals that must never reach a client. */
export const CRASH_MESSAGE = 'ticket index corrupted at /var/lib/helpdesk/tickets.db';

/** Options of the seed 003 app. */
export type HelpdeskAppOptions = {
  /** Limit every request per client IP; absent: no limiting (and no rate-limit headers). */
  rateLimit?: SeedRateLimit | undefined;
  /** Clock in ms since the epoch (timestamps and the limiter). @default Date.now */
  now?: (() => number) | undefined;
  /** Hears server failures. @default errata's console logger */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
  /** Add `GET /v1/debug/crash`, which fails with an unexpected error (for the 500). @default false */
  crashRoute?: boolean | undefined;
};

type Ticket = { id: string; title: string; priority: string; status: 'open'; createdAt: string };
type Customer = { id: string; email: string; name: string | null; createdAt: string };

/** Good enough for an example: something, an `@`, something with a dot. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@.]{2,63}$/;

/**
 * Seed 003 as an errata/node app: tickets and customers behind `Authorization: Bearer <key>`,
 * errors as `{ success: false, error, meta }`.
 * @example
 * const app = createApp({ rateLimit: { limit: 100, windowSeconds: 60 } });
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function createApp(options: HelpdeskAppOptions = {}): ErrataApp {
  const now = options.now ?? Date.now;
  const stamp = () => new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const tickets = new Map<string, Ticket>();
  const customers = new Map<string, Customer>();

  const app = errata({
    catalog,
    // The API promises one shape: `Accept: application/problem+json` still gets `{ success: false, … }`.
    negotiate: false,
    onError: options.onError,
    rateLimit: seedRateLimit(options.rateLimit, { catalog, headers: 'legacy', now }),
  });

  app.route('/v1/tickets', {
    async POST(ctx) {
      authorize(ctx.req, 'write');
      const body = await jsonObject(ctx);
      const title = body.title;
      const priority = body.priority ?? 'normal';
      const fields: FieldViolation[] = [];
      if (title === undefined || title === null || title === '') {
        fields.push({ path: ['title'], message: 'title is required' });
      } else if (typeof title !== 'string') {
        fields.push({ path: ['title'], message: 'title must be a string' });
      }
      if (!(PRIORITIES as readonly unknown[]).includes(priority)) {
        fields.push({
          path: ['priority'],
          message: `priority must be one of: ${PRIORITIES.join(', ')}`,
        });
      }
      invalidIf(fields);
      const ticket: Ticket = {
        id: `tkt_${tickets.size + 1}`,
        title: title as string,
        priority: priority as string,
        status: 'open',
        createdAt: stamp(),
      };
      tickets.set(ticket.id, ticket);
      return { status: 201, body: { success: true, data: ticket } };
    },
  });
  app.route('/v1/tickets/:id', {
    GET(ctx) {
      authorize(ctx.req, 'read');
      const ticket = tickets.get(ctx.params.id);
      if (ticket === undefined) throw catalog.error('NOT_FOUND');
      return { body: { success: true, data: ticket } };
    },
  });

  app.route('/v1/customers', {
    async POST(ctx) {
      authorize(ctx.req, 'write');
      const body = await jsonObject(ctx);
      const { email, name } = body;
      const fields: FieldViolation[] = [];
      if (email === undefined || email === null || email === '') {
        fields.push({ path: ['email'], message: 'email is required' });
      } else if (typeof email !== 'string' || !EMAIL.test(email)) {
        fields.push({ path: ['email'], message: 'email is not a valid email address' });
      }
      if (name !== undefined && typeof name !== 'string') {
        fields.push({ path: ['name'], message: 'name must be a string' });
      }
      invalidIf(fields);
      const address = (email as string).toLowerCase();
      for (const customer of customers.values()) {
        if (customer.email === address) {
          throw catalog.error('CONFLICT', undefined, {
            message: 'A customer with this email already exists',
            fields: [{ path: ['email'], message: 'A customer with this email already exists' }],
          });
        }
      }
      const customer: Customer = {
        id: `cus_${customers.size + 1}`,
        email: address,
        name: (name as string | undefined) ?? null,
        createdAt: stamp(),
      };
      customers.set(customer.id, customer);
      return { status: 201, body: { success: true, data: customer } };
    },
  });
  app.route('/v1/customers/:id', {
    GET(ctx) {
      authorize(ctx.req, 'read');
      const customer = customers.get(ctx.params.id);
      if (customer === undefined) throw catalog.error('NOT_FOUND');
      return { body: { success: true, data: customer } };
    },
  });

  if (options.crashRoute === true) {
    app.route('/v1/debug/crash', {
      GET() {
        throw new Error(CRASH_MESSAGE);
      },
    });
  }
  return app;
}

/** The JSON body, which must be an object (malformed JSON is a VALIDATION_ERROR already). */
async function jsonObject(ctx: Context): Promise<Record<string, unknown>> {
  const body = await ctx.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw catalog.error('VALIDATION_ERROR', undefined, {
      message: 'The request body must be a JSON object',
    });
  }
  return body as Record<string, unknown>;
}

/** Throw VALIDATION_ERROR when there are violations; the format names the first one. */
function invalidIf(fields: FieldViolation[]): void {
  if (fields.length > 0) throw catalog.error('VALIDATION_ERROR', undefined, { fields });
}
