import { describe, expect, it } from 'vitest';
import { parseJson } from './support.js';

describe('jsonrpc', () => {
  it('names reserved codes and keeps the number and data in details', () => {
    const e = parseJson(
      400,
      {
        jsonrpc: '2.0',
        error: {
          code: -32602,
          message: 'Invalid params',
          data: { param: 'amount', reason: 'negative' },
        },
        id: 7,
      },
      { 'x-request-id': 'rpc-1' },
    );
    expect(e.format).toBe('jsonrpc');
    expect(e.code).toBe('invalid_params');
    expect(e.message).toBe('Invalid params');
    expect(e.details).toEqual({ rpcCode: -32602, data: { param: 'amount', reason: 'negative' } });
    expect(e.requestId).toBe('rpc-1');
  });

  it('server errors and application codes; 200 answers get 500', () => {
    const server = parseJson(200, {
      jsonrpc: '2.0',
      error: { code: -32000, message: 'insufficient funds' },
      id: 1,
    });
    expect(server.code).toBe('server_error');
    expect(server.status).toBe(500);
    const app = parseJson(500, {
      jsonrpc: '2.0',
      error: { code: 4001, message: 'User rejected' },
      id: null,
    });
    expect(app.code).toBe('4001');
    expect(app.details).toEqual({ rpcCode: 4001 });
  });

  it('takes the first failure of a batch', () => {
    const e = parseJson(500, [
      { jsonrpc: '2.0', result: 19, id: 1 },
      { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id: 2 },
    ]);
    expect(e.code).toBe('method_not_found');
  });

  it('is not the envelope, and the envelope is not JSON-RPC', () => {
    expect(parseJson(400, { error: { code: 'bad', message: 'x' } }).format).toBe('envelope');
    expect(parseJson(400, { jsonrpc: '2.0', error: { code: 'x', message: 'y' } }).format).toBe(
      'envelope',
    );
  });
});
