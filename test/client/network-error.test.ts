import { describe, expect, it } from 'vitest';
import { isApiError } from '../../src/api-error.js';
import { classifyFetchError, networkError } from '../../src/client/network-error.js';
import { destroy, freePort, scripted } from './script.js';

const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
const sys = (code: string, message = `connect ${code} 10.0.0.7:5432`) =>
  Object.assign(new Error(message), { code });

describe('networkError', () => {
  it('maps each kind to its status, code and retryability', () => {
    const cases = [
      ['refused', 503, 'connection_failed', true],
      ['reset', 503, 'connection_reset', true],
      ['timeout', 504, 'request_timeout', true],
      ['deadline', 504, 'deadline_exceeded', false],
    ] as const;
    for (const [kind, status, code, retryable] of cases) {
      const cause = new Error('x');
      const error = networkError(cause, kind);
      expect(isApiError(error, code)).toBe(true);
      expect(error).toMatchObject({ status, code, retryable, format: 'network' });
      expect(error.cause).toBe(cause);
      expect(error.requestId).toBeUndefined();
    }
  });

  it('names the system error code but nothing of the driver message', () => {
    const cause = fetchFailed(
      sys('ECONNREFUSED', 'connect ECONNREFUSED postgres://admin:hunter2@db.internal:5432'),
    );
    const error = networkError(cause, 'refused');
    expect(error.message).toBe('Could not connect to the server (ECONNREFUSED).');
    const shown = JSON.stringify(error);
    for (const leak of ['hunter2', 'db.internal', '5432', 'postgres']) {
      expect(error.message).not.toContain(leak);
      expect(shown).not.toContain(leak);
    }
    expect(JSON.parse(shown)).toMatchObject({ message: error.message, code: 'connection_failed' });
  });

  it('ignores codes that are not plain error codes', () => {
    const error = networkError(fetchFailed(sys('econnreset: see http://x')), 'reset');
    expect(error.message).toBe('The connection closed before a response arrived.');
  });
});

describe('classifyFetchError', () => {
  it("reads undici's cause codes", () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(classifyFetchError(fetchFailed(sys(code))), code).toBe('refused');
    }
    for (const code of ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']) {
      expect(classifyFetchError(fetchFailed(sys(code))), code).toBe('reset');
    }
    for (const code of ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']) {
      expect(classifyFetchError(fetchFailed(sys(code))), code).toBe('timeout');
    }
  });

  it('finds the code inside an AggregateError from a dual-stack connect', () => {
    const aggregate = new AggregateError([sys('ECONNREFUSED'), sys('ECONNREFUSED')], 'failed');
    expect(classifyFetchError(fetchFailed(aggregate))).toBe('refused');
  });

  it("reads undici's 'other side closed' and the fetch failures of browsers", () => {
    expect(classifyFetchError(fetchFailed(new Error('other side closed')))).toBe('reset');
    expect(classifyFetchError(new TypeError('Failed to fetch'))).toBe('reset');
    expect(classifyFetchError(new TypeError('Load failed'))).toBe('reset');
    expect(
      classifyFetchError(new TypeError('NetworkError when attempting to fetch resource.')),
    ).toBe('reset');
    // A failure of unknown cause may have reached the server: not known to be unsent.
    expect(classifyFetchError(fetchFailed(new Error('something odd')))).toBe('reset');
  });

  it('returns undefined for what is no network failure', () => {
    const notNetwork = [
      new DOMException('This operation was aborted', 'AbortError'),
      new DOMException('The operation timed out.', 'TimeoutError'),
      new TypeError('Failed to parse URL from nope'),
      new TypeError('Request with GET/HEAD method cannot have body.'),
      fetchFailed(sys('CERT_HAS_EXPIRED', 'certificate has expired')),
      fetchFailed(sys('ERR_TLS_CERT_ALTNAME_INVALID', 'altname')),
      fetchFailed(sys('UND_ERR_INVALID_ARG', 'invalid')),
      new Error('boom'),
      'fetch failed',
      undefined,
      null,
    ];
    for (const error of notNetwork)
      expect(classifyFetchError(error), String(error)).toBeUndefined();
  });

  it('survives cause cycles and throwing getters', () => {
    const a = new TypeError('fetch failed') as Error & { cause?: unknown };
    const b = new Error('inner') as Error & { cause?: unknown };
    a.cause = b;
    b.cause = a;
    expect(classifyFetchError(a)).toBe('reset');
    const hostile = new TypeError('fetch failed');
    Object.defineProperty(hostile, 'cause', {
      get() {
        throw new Error('no');
      },
    });
    expect(classifyFetchError(hostile)).toBe('reset');
  });

  it('classifies what the real fetch of Node throws', async () => {
    const port = await freePort();
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(classifyFetchError(refused)).toBe('refused');

    const server = await scripted([destroy]);
    try {
      const reset = await fetch(`${server.url}/`).catch((e: unknown) => e);
      expect(classifyFetchError(reset)).toBe('reset');
    } finally {
      await server.close();
    }

    const controller = new AbortController();
    controller.abort();
    const aborted = await fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(classifyFetchError(aborted)).toBeUndefined();
  });
});
