import { expect } from 'vitest';
import { parseErrorBody } from '../../src/index.js';
import type { RawResponse } from '../helpers/server.js';

/**
 * Assert a raw answer is errata's: the status, the app's envelope format, the code, an
 * `X-Request-ID` equal to the body's request id (and to `requestId` when given), and a close.
 */
export function expectErrataAnswer(
  res: RawResponse,
  status: number,
  code: string,
  where: string,
  requestId?: string,
): void {
  expect(res.status, where).toBe(status);
  expect(res.headers['content-type'], where).toBe('application/json');
  expect(res.headers.connection, where).toBe('close');
  const id = res.headers['x-request-id'];
  if (requestId !== undefined) expect(id, where).toBe(requestId);
  else expect(id, where).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
  const error = parseErrorBody({ status: res.status, headers: res.headers, body: res.body });
  expect(error.format, where).toBe('envelope');
  expect(error.code, where).toBe(code);
  expect(error.requestId, where).toBe(id);
}
