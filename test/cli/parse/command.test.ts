import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitHttpMessage } from '../../../src/cli/parse/http-message.js';
import { cli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const CURL = [
  'HTTP/1.1 100 Continue',
  '',
  'HTTP/1.1 422 Unprocessable Entity',
  'Content-Type: application/problem+json',
  'X-Request-ID: req_abc',
  'Retry-After: 7',
  '',
  '{"type":"https://example.com/probs/validation","title":"Invalid","status":422,"detail":"Bad input","code":"validation_error","errors":[{"pointer":"/email","detail":"must be an email"}]}',
].join('\r\n');

describe('errata parse', () => {
  const tmp = useTempDir('errata-parse-');
  it('reads curl -i output from a file, skipping interim blocks, and prints the ApiError', async () => {
    const dir = tmp.dir;
    writeFileSync(join(dir, 'res.txt'), CURL);
    const run = await cli(['parse', 'res.txt'], dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({
      status: 422,
      code: 'validation_error',
      category: 'validation',
      message: 'Bad input',
      requestId: 'req_abc',
      retryAfter: 7,
      format: 'problem',
    });
    expect(out.fields).toEqual([{ path: ['email'], message: 'must be an email' }]);
    expect(out.raw).toBeUndefined();
    expect(JSON.parse((await cli(['parse', 'res.txt', '--raw'], dir)).stdout).raw).toMatchObject({
      status: 422,
    });
  });

  it('takes status, headers and body from separate files', async () => {
    const dir = tmp.dir;
    writeFileSync(join(dir, 'h.txt'), 'Content-Type: text/html\nX-Request-Id: r-1\n');
    writeFileSync(
      join(dir, 'b.html'),
      '<html><head><title>Error</title></head><body><h1>Bad Gateway</h1></body></html>',
    );
    const run = await cli(
      ['parse', '--status', '502', '--headers', 'h.txt', '--body', 'b.html'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 502,
      category: 'unavailable',
      requestId: 'r-1',
      retryable: true,
      format: 'html',
    });
  });

  it('reads standard input through the real binary', () => {
    const run = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'parse', '-'], {
      input:
        'HTTP/2 429\r\nretry-after: 30\r\ncontent-type: application/json\r\n\r\n{"error":{"code":"rate_limit_exceeded","message":"Slow down"}}',
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
      category: 'rate_limited',
      retryAfter: 30,
    });
  });

  it('refuses what it cannot read with a one-line usage error', async () => {
    const dir = tmp.dir;
    writeFileSync(join(dir, 'body.json'), '{"message":"no status line"}');
    const noStatus = await cli(['parse', 'body.json'], dir);
    expect(noStatus.code).toBe(2);
    expect(noStatus.stderr).toMatch(
      /^errata parse: the response does not start with a status line/,
    );
    const missing = await cli(['parse', 'nope.txt'], dir);
    expect(missing).toMatchObject({ code: 2, stderr: 'errata parse: cannot read "nope.txt"\n' });
    const badStatus = await cli(['parse', '--status', '42', '--body', 'body.json'], dir);
    expect(badStatus.code).toBe(2);
    expect((await cli(['parse', '-'], dir)).stderr).toMatch(/standard input is not available/);
  });
});

describe('splitHttpMessage', () => {
  it('keeps the last response of a redirect chain and joins repeated headers', () => {
    const text =
      'HTTP/1.1 302 Found\nLocation: /b\n\nHTTP/1.1 200 Connection established\n\nHTTP/2 404\nvary: a\nVary: b\n\n{"x":1}\n\nHTTP/1.1 not a status';
    expect(splitHttpMessage(text)).toEqual({
      status: 404,
      headers: { vary: 'a, b' },
      body: '{"x":1}\n\nHTTP/1.1 not a status',
    });
  });

  it('a response without a body, and text that is no response', () => {
    expect(splitHttpMessage('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5')).toEqual({
      status: 503,
      headers: { 'retry-after': '5' },
      body: '',
    });
    expect(splitHttpMessage('{"error":"x"}')).toBeUndefined();
  });
});
