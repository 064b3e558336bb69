import type { IncomingMessage } from 'node:http';

/** What a bearer token may do. */
export type Access = 'read' | 'write';

/**
 * The access of the request's `Authorization: Bearer <token>`: `'missing'` without the header,
 * `'invalid'` when it is not a bearer token or names a token the app does not know.
 * @example const access = bearerAccess(req, { test_rw: 'write', test_ro: 'read' });
 */
export function bearerAccess(
  req: IncomingMessage,
  tokens: Readonly<Record<string, Access>>,
): Access | 'missing' | 'invalid' {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return 'missing';
  const m = /^Bearer ([\x21-\x7e]{1,256})$/i.exec(header);
  const token = m?.[1];
  if (token === undefined || !Object.hasOwn(tokens, token)) return 'invalid';
  return tokens[token] as Access;
}

/** The tokens of the seeds (all but 003): `test_rw` reads and writes, `test_ro` only reads. */
export const TEST_TOKENS: Readonly<Record<string, Access>> = { test_rw: 'write', test_ro: 'read' };

/** The errors a guard throws, each made when needed. */
export type Refusals = {
  /** No `Authorization` header. @default invalid */
  missing?: () => Error;
  /** Not a bearer token, or an unknown one. */
  invalid: () => Error;
  /** A read-only token asking to write. */
  forbidden: () => Error;
};

/**
 * A guard for the request's bearer token: it returns when the token may do `need`, else throws
 * the refusal.
 * @example
 * const authorize = accessGuard(TEST_TOKENS, { invalid: () => catalog.error('unauthorized'), forbidden: () => catalog.error('forbidden') });
 * authorize(ctx.req, 'write');
 */
export function accessGuard(
  tokens: Readonly<Record<string, Access>>,
  refusals: Refusals,
): (req: IncomingMessage, need: Access) => void {
  return function authorize(req, need) {
    const access = bearerAccess(req, tokens);
    if (access === 'missing') throw (refusals.missing ?? refusals.invalid)();
    if (access === 'invalid') throw refusals.invalid();
    if (need === 'write' && access === 'read') throw refusals.forbidden();
  };
}
