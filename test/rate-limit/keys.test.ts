import { describe, expect, it } from 'vitest';
import { RateLimitConfigError } from '../../src/rate-limit/errors.js';
import {
  boundKey,
  createClientIp,
  createKeyGenerator,
  headerValue,
  ipKey,
  parseIp,
} from '../../src/rate-limit/keys.js';

const req = (
  remoteAddress: string | undefined,
  xff?: string | string[],
  extra: Record<string, string> = {},
) => ({
  remoteAddress,
  headers: { ...extra, ...(xff === undefined ? {} : { 'x-forwarded-for': xff }) },
});

describe('client keys', () => {
  it('keys IPv4 by address, and never believes X-Forwarded-For by default', () => {
    const key = createKeyGenerator();
    expect(key(req('203.0.113.7'))).toBe('ip:203.0.113.7');
    expect(key(req('203.0.113.7', '198.51.100.1'))).toBe('ip:203.0.113.7');
    expect(key(req(undefined))).toBe('ip:unknown');
    expect(createKeyGenerator({ ipv4Prefix: 24 })(req('203.0.113.7'))).toBe('ip:203.0.113.0/24');
  });

  it('groups IPv6 by /56 by default, or a configured prefix', () => {
    const key = createKeyGenerator();
    expect(key(req('2001:db8:1234:5678:9abc::1'))).toBe('ip:2001:db8:1234:5600::/56');
    expect(key(req('2001:db8:1234:56ff:ffff::2'))).toBe('ip:2001:db8:1234:5600::/56');
    expect(key(req('2001:db8:1234:5700::1'))).toBe('ip:2001:db8:1234:5700::/56');
    expect(createKeyGenerator({ ipv6Prefix: 64 })(req('2001:db8:a:b:c:d:e:f'))).toBe(
      'ip:2001:db8:a:b::/64',
    );
    expect(createKeyGenerator({ ipv6Prefix: 128 })(req('2001:DB8::0001'))).toBe('ip:2001:db8::1');
    expect(key(req('fe80::1%eth0'))).toBe('ip:fe80::/56');
  });

  it('normalises IPv4-mapped IPv6 to IPv4', () => {
    const key = createKeyGenerator();
    expect(key(req('::ffff:203.0.113.7'))).toBe('ip:203.0.113.7');
    expect(key(req('::FFFF:cb00:7107'))).toBe('ip:203.0.113.7');
    expect(parseIp('[::ffff:10.0.0.1]:443')?.toString()).toBe('10.0.0.1');
  });

  it('believes a number of trusted hops, from the socket towards the client', () => {
    const one = createKeyGenerator({ trustProxy: 1 });
    expect(one(req('10.0.0.1', '198.51.100.9, 203.0.113.7'))).toBe('ip:203.0.113.7');
    expect(one(req('10.0.0.1', ['198.51.100.9', '203.0.113.7:5555']))).toBe('ip:203.0.113.7');
    const two = createKeyGenerator({ trustProxy: 2 });
    expect(two(req('10.0.0.1', '198.51.100.9, 203.0.113.7'))).toBe('ip:198.51.100.9');
    // Fewer hops than trusted: the leftmost entry.
    expect(two(req('10.0.0.1', '203.0.113.7'))).toBe('ip:203.0.113.7');
    expect(two(req('10.0.0.1'))).toBe('ip:10.0.0.1');
  });

  it('believes trusted ranges, named or CIDR, and stops at the first untrusted hop', () => {
    const key = createKeyGenerator({
      trustProxy: ['loopback', '10.0.0.0/8', '2001:db8:ffff::/48'],
    });
    expect(key(req('127.0.0.1', '198.51.100.9, 203.0.113.7, 10.1.2.3'))).toBe('ip:203.0.113.7');
    expect(key(req('::ffff:127.0.0.1', '203.0.113.7'))).toBe('ip:203.0.113.7');
    expect(key(req('2001:db8:ffff::1', '2001:db8:aaaa:bb00::9'))).toBe(
      'ip:2001:db8:aaaa:bb00::/56',
    );
    // The socket is not a trusted proxy: its address is the client, whatever the header says.
    expect(key(req('203.0.113.50', '10.0.0.1, 1.2.3.4'))).toBe('ip:203.0.113.50');
    expect(createKeyGenerator({ trustProxy: '127.0.0.1, ::1' })(req('::1', '203.0.113.7'))).toBe(
      'ip:203.0.113.7',
    );
  });

  it('survives a hostile X-Forwarded-For', () => {
    const key = createKeyGenerator({ trustProxy: 3 });
    const ranged = createKeyGenerator({ trustProxy: 'uniquelocal' });
    const hostile = [
      '',
      ',,,,',
      'not an ip, 203.0.113.7',
      '203.0.113.7, <script>',
      '999.1.1.1',
      '1.2.3.4.5',
      '[::1',
      `${'a'.repeat(100_000)}, 203.0.113.7`,
      `${'1.1.1.1,'.repeat(10_000)}203.0.113.7`,
      '\u0000\u0001, ::ffff:',
      '0x7f.1, 127.1',
    ];
    for (const xff of hostile) {
      expect(() => key(req('10.0.0.1', xff))).not.toThrow();
      expect(key(req('10.0.0.1', xff))).toMatch(/^ip:[0-9a-f.:/]+$/);
      expect(ranged(req('10.0.0.1', xff))).toMatch(/^ip:[0-9a-f.:/]+$/);
    }
    // An entry that is not an address ends the walk at the last valid hop.
    expect(key(req('10.0.0.1', '203.0.113.7, garbage'))).toBe('ip:10.0.0.1');
    expect(key(req('10.0.0.1', 'garbage, 203.0.113.7'))).toBe('ip:203.0.113.7');
    expect(key(req('garbage'))).toBe('ip:unknown');
  });

  it('keys by identity when `by` gives one, bounded', () => {
    const key = createKeyGenerator<ReturnType<typeof req>>({
      by: (r) => headerValue(r.headers, 'x-api-key'),
    });
    expect(key(req('203.0.113.7', undefined, { 'x-api-key': 'k_123' }))).toBe('id:k_123');
    expect(key(req('203.0.113.7', undefined, { 'x-api-key': '' }))).toBe('ip:203.0.113.7');
    expect(key(req('203.0.113.7'))).toBe('ip:203.0.113.7');
    const long = key(req('203.0.113.7', undefined, { 'x-api-key': 'x'.repeat(10_000) }));
    expect(long).toMatch(/^id:#[0-9a-f]{16}$/);
    expect(key(req('203.0.113.7', undefined, { 'x-api-key': 'a\nb' }))).toMatch(
      /^id:#[0-9a-f]{16}$/,
    );
  });

  it('reads fetch Headers too', () => {
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.7' });
    expect(createKeyGenerator({ trustProxy: 1 })({ remoteAddress: '10.0.0.1', headers })).toBe(
      'ip:203.0.113.7',
    );
  });

  it('bounds keys and refuses bad options', () => {
    expect(boundKey('abc')).toBe('abc');
    expect(boundKey('x'.repeat(256))).toBe('x'.repeat(256));
    expect(boundKey('x'.repeat(257))).toMatch(/^#[0-9a-f]{16}$/);
    expect(boundKey('x'.repeat(257))).not.toBe(boundKey('x'.repeat(258)));
    expect(boundKey('')).toMatch(/^#[0-9a-f]{16}$/);
    expect(() => createKeyGenerator({ trustProxy: -1 })).toThrow(RateLimitConfigError);
    expect(() => createKeyGenerator({ trustProxy: ['10.0.0.0/99'] })).toThrow(RateLimitConfigError);
    expect(() => createKeyGenerator({ trustProxy: 'proxy.example' })).toThrow(RateLimitConfigError);
    expect(() => createKeyGenerator({ ipv6Prefix: 0 })).toThrow(RateLimitConfigError);
    expect(() => createClientIp({ trustProxy: 1.5 })).toThrow(RateLimitConfigError);
    expect(
      ipKey(parseIp('203.0.113.7') as NonNullable<ReturnType<typeof parseIp>>, { ipv4Prefix: 20 }),
    ).toBe('203.0.112.0/20');
  });
});
