import { describe, expect, it } from 'vitest';
import { bearerParams } from '../../src/parse/bearer-challenge.js';
import { parseJson, parseText } from './support.js';

describe('oauth2: token endpoint errors (RFC 6749 §5.2)', () => {
  it('reads error, error_description and error_uri', () => {
    const e = parseJson(
      400,
      {
        error: 'invalid_grant',
        error_description: 'The refresh token has been revoked',
        error_uri: 'https://auth.example.com/docs/errors#invalid_grant',
      },
      { 'x-request-id': 'tok-1' },
    );
    expect(e.format).toBe('oauth2');
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_grant');
    expect(e.message).toBe('The refresh token has been revoked');
    expect(e.docUrl).toBe('https://auth.example.com/docs/errors#invalid_grant');
    expect(e.requestId).toBe('tok-1');
  });

  it('a registered code alone is enough; the message is then the status phrase', () => {
    const e = parseJson(401, { error: 'invalid_client' });
    expect(e.format).toBe('oauth2');
    expect(e.code).toBe('invalid_client');
    expect(e.message).toBe('Unauthorized');
  });

  it('an unregistered code with a description is OAuth too (vendor extensions)', () => {
    const e = parseJson(400, { error: 'mfa_required', error_description: 'Multifactor needed' });
    expect(e.format).toBe('oauth2');
    expect(e.code).toBe('mfa_required');
  });

  it('device flow slow_down with Retry-After', () => {
    const e = parseJson(400, { error: 'slow_down' }, { 'retry-after': '5' });
    expect(e.code).toBe('slow_down');
    expect(e.retryAfter).toBe(5);
  });

  it('a sentence in `error` is not an OAuth code', () => {
    const e = parseJson(400, { error: 'Invalid grant supplied', error_description: 'x' });
    expect(e.format).toBe('error');
  });
});

describe('oauth2: Bearer challenge (RFC 6750 §3)', () => {
  it('reads the challenge when the body is empty', () => {
    const e = parseText(401, '', '', {
      'www-authenticate':
        'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      'x-request-id': 'req-b1',
    });
    expect(e.format).toBe('oauth2');
    expect(e.status).toBe(401);
    expect(e.code).toBe('invalid_token');
    expect(e.message).toBe('The access token expired');
    expect(e.requestId).toBe('req-b1');
  });

  it('reads insufficient_scope with its scope, after another challenge', () => {
    const e = parseText(403, 'Forbidden', 'text/plain', {
      'www-authenticate':
        'Basic realm="legacy", Bearer realm="api", error="insufficient_scope", scope="repo:write admin"',
    });
    expect(e.format).toBe('oauth2');
    expect(e.code).toBe('insufficient_scope');
    expect(e.details).toEqual({ scope: 'repo:write admin' });
    expect(e.message).toBe('Forbidden');
  });

  it('reads DPoP challenges and quoted escapes', () => {
    const e = parseText(401, '', '', {
      'www-authenticate':
        'DPoP algs="ES256", error="invalid_dpop_proof", error_description="bad \\"jti\\""',
    });
    expect(e.code).toBe('invalid_dpop_proof');
    expect(e.message).toBe('bad "jti"');
  });

  it('a challenge without error (no credentials sent) is just an empty 401', () => {
    const e = parseText(401, '', '', { 'www-authenticate': 'Bearer realm="api"' });
    expect(e.format).toBe('empty');
    expect(e.code).toBe('unauthorized');
  });

  it('a JSON body that a shape knows wins over the header', () => {
    const e = parseJson(
      401,
      { error: 'invalid_token', error_description: 'from body' },
      { 'www-authenticate': 'Bearer error="invalid_token", error_description="from header"' },
    );
    expect(e.message).toBe('from body');
  });

  it('bearerParams: first Bearer challenge only, unquoted values, token68 of other schemes', () => {
    expect(
      bearerParams('Basic dXNlcjpwYXNz==, Bearer error=invalid_token, Bearer error="x"'),
    ).toEqual(new Map([['error', 'invalid_token']]));
    expect(bearerParams('Basic realm="x"')).toBeUndefined();
    expect(bearerParams('Bearer')).toEqual(new Map());
    expect(bearerParams('Bearer error="unterminated')?.get('error')).toBe('unterminated');
  });

  it('bearerParams reads a long hostile header as one quoted value', () => {
    const header = `Bearer ${'a=",'.repeat(2000)}`;
    expect(bearerParams(header)).toEqual(new Map([['a', ',a=']]));
  });
});
