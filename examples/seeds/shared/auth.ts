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
