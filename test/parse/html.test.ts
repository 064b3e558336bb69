import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseText } from './support.js';

const NGINX =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

const CLOUDFLARE = `<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html lang="en-US">
<head>
<title>shop.example.com | 504: Gateway time-out</title>
<meta charset="UTF-8" />
</head>
<body><div id="cf-wrapper"><h1><span class="inline-block">Gateway time-out</span> <span class="code-label">Error code 504</span></h1>
<p>Cloudflare Ray ID: <strong class="font-semibold">8a1b2c3d4e5f6789</strong></p></div></body></html>`;

describe('html', () => {
  it('nginx 502: the title, request id from headers', () => {
    const e = parseText(502, NGINX, 'text/html', { 'x-request-id': 'edge-1' });
    expect(e.format).toBe('html');
    expect(e.status).toBe(502);
    expect(e.code).toBe('bad_gateway');
    expect(e.message).toBe('502 Bad Gateway');
    expect(e.requestId).toBe('edge-1');
    expect(e.retryable).toBe(true);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('Cloudflare 504 with cf-ray and Retry-After as an HTTP date', () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 4, 1, 10, 0, 0), toFake: ['Date'] });
    const when = 'Wed, 01 May 2024 10:01:30 GMT';
    const e = parseText(504, CLOUDFLARE, 'text/html; charset=UTF-8', {
      'cf-ray': '8a1b2c3d4e5f6789-AMS',
      'retry-after': when,
    });
    expect(e.format).toBe('html');
    expect(e.message).toBe('shop.example.com | 504: Gateway time-out');
    expect(e.requestId).toBe('8a1b2c3d4e5f6789-AMS');
    expect(e.retryAfter).toBe(90);
  });

  it('falls back to the first h1, strips tags, decodes entities, collapses whitespace', () => {
    const page =
      '<!doctype html><html><body>\n<h1 class="x">Service\n   <em>Unavailable</em> &amp; retrying &#8230; &#x2014; &quot;soon&quot;</h1></body></html>';
    const e = parseText(503, page, '');
    expect(e.format).toBe('html');
    expect(e.message).toBe('Service Unavailable & retrying … — "soon"');
  });

  it('never returns markup: a page without title or h1 gets the status phrase', () => {
    const e = parseText(503, '<html><body><div><p>down</p></div></body></html>', 'text/html');
    expect(e.format).toBe('html');
    expect(e.message).toBe('Service Unavailable');
  });

  it('bounds the message to 200 characters and ignores <titlebar>', () => {
    const long = `<html><head><titlebar>no</titlebar><title>${'x'.repeat(5000)}</title></head></html>`;
    const e = parseText(500, long, 'text/html');
    expect(e.message.length).toBeLessThanOrEqual(200);
    expect(e.message.startsWith('xxx')).toBe(true);
  });

  it('an unterminated title is read to a bound, and tag-heavy pages give no markup', () => {
    const e = parseText(502, `<html><title>Bad gateway ${'<'.repeat(100_000)}`, 'text/html');
    expect(e.message).toBe('Bad gateway');
    for (const page of [`<html>${'<a '.repeat(300_000)}`, `<html>${'<title'.repeat(150_000)}`]) {
      const hostile = parseText(500, page, 'text/html');
      expect(hostile.format).toBe('html');
      expect(hostile.message).toBe('Internal Server Error');
    }
    const entities = parseText(500, `<html><title>${'&amp'.repeat(200_000)}`, 'text/html');
    expect(entities.format).toBe('html');
    expect(entities.message.length).toBeLessThanOrEqual(200);
    expect(entities.message.startsWith('&amp')).toBe(true);
  });
});
