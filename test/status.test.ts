import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  codeForStatus,
  defaultExpose,
  defaultRetryable,
  grpcStatusName,
  isErrorStatus,
  reasonPhrase,
  STATUS_BY_GRPC,
  statusPhrase,
} from '../src/status.js';

describe('statusPhrase', () => {
  it('names known statuses by their RFC 9110 phrase', () => {
    expect(statusPhrase(400)).toBe('Bad Request');
    expect(statusPhrase(404)).toBe('Not Found');
    expect(statusPhrase(413)).toBe('Content Too Large');
    expect(statusPhrase(422)).toBe('Unprocessable Content');
    expect(statusPhrase(429)).toBe('Too Many Requests');
    expect(statusPhrase(500)).toBe('Internal Server Error');
    expect(statusPhrase(503)).toBe('Service Unavailable');
  });

  it('falls back to a phrase for the class', () => {
    expect(statusPhrase(499)).toBe('Client Error');
    expect(statusPhrase(599)).toBe('Server Error');
    expect(statusPhrase(302)).toBe('Error');
  });
});

describe('isErrorStatus', () => {
  it('accepts integers from 400 to 599 only', () => {
    expect(isErrorStatus(400)).toBe(true);
    expect(isErrorStatus(599)).toBe(true);
    for (const bad of [399, 600, 404.5, '404', Number.NaN, null, undefined, 200]) {
      expect(isErrorStatus(bad)).toBe(false);
    }
  });
});

describe('defaults by status', () => {
  it('retries 408, 429, 502, 503, 504 and nothing else', () => {
    const retryable = [];
    for (let s = 400; s <= 599; s++) if (defaultRetryable(s)) retryable.push(s);
    expect(retryable).toEqual([408, 429, 502, 503, 504]);
  });

  it('exposes below 500 only', () => {
    expect(defaultExpose(499)).toBe(true);
    expect(defaultExpose(500)).toBe(false);
    expect(defaultExpose(503)).toBe(false);
  });

  it('derives stable codes', () => {
    expect(codeForStatus(400)).toBe('invalid_request');
    expect(codeForStatus(404)).toBe('not_found');
    expect(codeForStatus(422)).toBe('validation_error');
    expect(codeForStatus(429)).toBe('rate_limited');
    expect(codeForStatus(500)).toBe('internal_error');
    expect(codeForStatus(418)).toBe('http_418');
    expect(codeForStatus(200)).toBe('unknown_error');
  });
});

describe('google.rpc status names (AIP-193)', () => {
  it.each([
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [409, 'ABORTED'],
    [422, 'INVALID_ARGUMENT'],
    [429, 'RESOURCE_EXHAUSTED'],
    [499, 'CANCELLED'],
    [500, 'INTERNAL'],
    [501, 'UNIMPLEMENTED'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
  ])('%i -> %s', (status, name) => {
    expect(grpcStatusName(status)).toBe(name);
  });

  it('maps unknown statuses by class', () => {
    expect(grpcStatusName(418)).toBe('FAILED_PRECONDITION');
    expect(grpcStatusName(507)).toBe('INTERNAL');
  });

  it('maps names back to statuses', () => {
    expect(STATUS_BY_GRPC.NOT_FOUND).toBe(404);
    expect(STATUS_BY_GRPC.RESOURCE_EXHAUSTED).toBe(429);
    expect(STATUS_BY_GRPC.UNAVAILABLE).toBe(503);
  });
});

describe('reasonPhrase', () => {
  it("is what Node's HTTP servers send, for every status from 100 to 599", () => {
    for (let status = 100; status <= 599; status++) {
      expect(reasonPhrase(status), String(status)).toBe(STATUS_CODES[status]);
    }
    expect(reasonPhrase(422)).toBe('Unprocessable Entity');
    expect(reasonPhrase(413)).toBe('Payload Too Large');
    expect(reasonPhrase(499)).toBeUndefined();
    // Not an own key of the table, whatever Object.prototype holds.
    expect(reasonPhrase(Number.NaN)).toBeUndefined();
  });
});
