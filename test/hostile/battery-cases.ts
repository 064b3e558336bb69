/**
 * The permanent request battery: hostile raw HTTP/1.1 requests, each sent to the vault example
 * of every adapter by battery.test.ts. A case is the bytes on the wire, what it is, and its
 * category; what the adapters must answer is decided by the test (the same answer everywhere,
 * in the vault's format, with a request id, leaking nothing).
 */

/** One hostile request. */
export type BatteryCase = {
  /** Unique, short: the row of the table. */
  name: string;
  category: string;
  /** The raw request, as written on the socket (several parts are written in turn). */
  request: string | Buffer | readonly (string | Buffer)[];
  /** The format the error must be in, when the request negotiates another than the vault's. */
  format?: string;
  /** The request id the reply must echo (a safe one sent); otherwise a generated one. */
  echoes?: string;
  /**
   * The request stalls (a body that never comes): it must be answered 408 once the adapter's
   * body timeout passes, so the test sends it first and reads it last.
   */
  stalls?: boolean;
  /** The language the error must be in (`Content-Language`), when the case is about it. */
  language?: string;
};

const HOST = 'Host: vault.test\r\n';
const JSON_CT = 'Content-Type: application/json\r\n';

/** A request with a body and a Content-Length, to `PUT /v1/secrets/db` unless told. */
function put(body: string | Buffer, headers = JSON_CT, target = '/v1/secrets/db'): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head = `PUT ${target} HTTP/1.1\r\n${HOST}${headers}Content-Length: ${bytes.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

/** A chunked request to `PUT /v1/secrets/db` with the raw chunked body given. */
function chunked(rawBody: string, headers = JSON_CT, te = 'chunked'): string {
  return `PUT /v1/secrets/db HTTP/1.1\r\n${HOST}${headers}Transfer-Encoding: ${te}\r\n\r\n${rawBody}`;
}

/** One chunk of `data`. */
function chunk(data: string, extension = ''): string {
  return `${Buffer.byteLength(data).toString(16)}${extension}\r\n${data}\r\n`;
}

/** A bodiless request. */
function get(target: string, headers = '', method = 'GET', version = '1.1'): string {
  return `${method} ${target} HTTP/${version}\r\n${HOST}${headers}\r\n`;
}

const OK_BODY = '{"value":"s3cret"}';
const big = (bytes: number) => JSON.stringify({ value: 'x'.repeat(bytes) });
const deepArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const malformedJson: [string, string | Buffer][] = [
  ['truncated JSON', '{"value": "x",'],
  ['JSON with trailing garbage', `${OK_BODY} xyz`],
  ['two JSON values', `${OK_BODY}${OK_BODY}`],
  ['JSON with a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(OK_BODY)])],
  ['JSON with NaN', '{"value":NaN}'],
  ['JSON with Infinity', '{"value":"x","ttl_seconds":Infinity}'],
  ['JSON with a comment', '{"value":"x" /* note */}'],
  ['JSON with single quotes', "{'value':'x'}"],
  ['JSON with a trailing comma', '{"value":"x",}'],
  ['JSON with a lone surrogate', '{"value":"\\ud800"}'],
  [
    'a body of invalid UTF-8',
    Buffer.from([0x7b, 0x22, 0x76, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  ],
  ['a JSON null body', 'null'],
  ['a JSON array body', '[]'],
  ['a JSON string body', '"value"'],
  ['a body of spaces', '    '],
  ['an empty body with Content-Length: 0', ''],
];

const cases: BatteryCase[] = [];
const add = (category: string, name: string, request: BatteryCase['request'], extra = {}) =>
  cases.push({ name, category, request, ...extra });

for (const [name, body] of malformedJson) add('malformed JSON', name, put(body));

add('huge JSON', 'JSON over 64 KiB with Content-Length', put(big(70_000)));
add('huge JSON', 'JSON over 64 KiB, chunked', chunked(`${chunk(big(70_000))}0\r\n\r\n`));
add(
  'huge JSON',
  'JSON over 64 KiB in many chunks',
  chunked(`${chunk(big(30_000))}${chunk(big(30_000))}${chunk(big(30_000))}0\r\n\r\n`),
);
add(
  'huge JSON',
  'Content-Length of 10 GB, no body sent',
  `PUT /v1/secrets/db HTTP/1.1\r\n${HOST}${JSON_CT}Content-Length: 10000000000\r\n\r\n`,
);
add('huge JSON', 'a 1 MiB JSON string', put(big(1 << 20)));

add('deep JSON', '10k nested arrays', put(deepArrays(10_000)));
add('deep JSON', '10k nested objects', put(deepObjects(10_000)));
add('deep JSON', '10k nested arrays, chunked', chunked(`${chunk(deepArrays(10_000))}0\r\n\r\n`));
add('deep JSON', '100k nested arrays (over the limit)', put(deepArrays(100_000)));

add('prototype keys', '__proto__ in the body', put('{"value":"x","__proto__":{"admin":true}}'));
add('prototype keys', '__proto__ alone', put('{"__proto__":{"value":"x"}}'));
add(
  'prototype keys',
  'constructor.prototype in the body',
  put('{"value":"x","constructor":{"prototype":{"admin":true}}}'),
);
add('prototype keys', 'nested __proto__', put('{"value":"x","a":{"__proto__":{"b":1}}}'));

const contentTypes: [string, string][] = [
  ['no Content-Type', ''],
  ['Content-Type: text/plain', 'Content-Type: text/plain\r\n'],
  ['JSON; charset=utf-8', 'Content-Type: application/json; charset=utf-8\r\n'],
  ['JSON; charset=utf-16', 'Content-Type: application/json; charset=utf-16\r\n'],
  ['JSON; charset=latin1', 'Content-Type: application/json; charset=latin1\r\n'],
  ['APPLICATION/JSON', 'Content-Type: APPLICATION/JSON\r\n'],
  ['application/json, text/plain', 'Content-Type: application/json, text/plain\r\n'],
  ['a +json type', 'Content-Type: application/merge-patch+json\r\n'],
  ['application/jsonx', 'Content-Type: application/jsonx\r\n'],
  ['an empty Content-Type', 'Content-Type: \r\n'],
  [
    'duplicate Content-Type (same value)',
    'Content-Type: application/json\r\nContent-Type: application/json\r\n',
  ],
  [
    'duplicate Content-Type (JSON then text)',
    'Content-Type: application/json\r\nContent-Type: text/plain\r\n',
  ],
  [
    'duplicate Content-Type (text then JSON)',
    'Content-Type: text/plain\r\nContent-Type: application/json\r\n',
  ],
  ['a 4 KB Content-Type parameter', `Content-Type: application/json; x=${'a'.repeat(4000)}\r\n`],
];
for (const [name, headers] of contentTypes) add('content types', name, put(OK_BODY, headers));
add(
  'content types',
  'duplicate Content-Type on a bodiless GET',
  get('/healthz', 'Content-Type: text/plain\r\nContent-Type: application/json\r\n'),
);
add(
  'content types',
  'duplicate Content-Type, chunked',
  chunked(
    `${chunk(OK_BODY)}0\r\n\r\n`,
    'Content-Type: application/json\r\nContent-Type: text/plain\r\n',
  ),
);

// The vault's limit is 64 KiB (65,536 bytes).
const exactly = (bytes: number) => `{"value":"${'x'.repeat(bytes - 12)}"}`;
add('body limits', 'a body of exactly 64 KiB', put(exactly(65_536)));
add('body limits', 'a body of 64 KiB + 1', put(exactly(65_537)));
add(
  'body limits',
  'Content-Length over the limit, short body',
  `PUT /v1/secrets/db HTTP/1.1\r\n${HOST}${JSON_CT}Content-Length: 70000\r\n\r\n${OK_BODY}`,
);
add(
  'body limits',
  'a body on GET',
  `GET /healthz HTTP/1.1\r\n${HOST}Content-Length: 5\r\n\r\nhello`,
);
add(
  'body limits',
  'a body on DELETE',
  `DELETE /v1/secrets/none HTTP/1.1\r\n${HOST}${JSON_CT}Content-Length: 2\r\n\r\n{}`,
);
add('body limits', 'a PUT without a body', get('/v1/secrets/db', JSON_CT, 'PUT'));

add('chunked', 'a valid chunked body', chunked(`${chunk(OK_BODY)}0\r\n\r\n`));
add('chunked', 'chunk extensions', chunked(`${chunk(OK_BODY, ';ext=1;b="q"')}0;last\r\n\r\n`));
add(
  'chunked',
  '20 KB of chunk extensions',
  chunked(`${chunk(OK_BODY, `;x=${'a'.repeat(20_000)}`)}0\r\n\r\n`),
);
// 2^64 - 1 fits llhttp's chunk size, so the parser waits for the rest of an 16 EiB chunk.
add(
  'chunked',
  'a chunk size of 16 hex digits',
  chunked(`FFFFFFFFFFFFFFFF\r\n${OK_BODY}\r\n0\r\n\r\n`),
  {
    stalls: true,
  },
);
add(
  'chunked',
  'a chunk size of 40 hex digits',
  chunked(`${'F'.repeat(40)}\r\n${OK_BODY}\r\n0\r\n\r\n`),
);
add('chunked', 'a chunk size that is no hex', chunked(`zz\r\n${OK_BODY}\r\n0\r\n\r\n`));
add(
  'chunked',
  'trailers after the last chunk',
  chunked(`${chunk(OK_BODY)}0\r\nX-Trailer: 1\r\n\r\n`),
);
add(
  'chunked',
  'Content-Length and Transfer-Encoding',
  `PUT /v1/secrets/db HTTP/1.1\r\n${HOST}${JSON_CT}Content-Length: 18\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(OK_BODY)}0\r\n\r\n`,
);
add(
  'chunked',
  'Transfer-Encoding: gzip, chunked',
  chunked(`${chunk(OK_BODY)}0\r\n\r\n`, JSON_CT, 'gzip, chunked'),
);
add(
  'chunked',
  'Transfer-Encoding: chunked, gzip',
  chunked(`${chunk(OK_BODY)}0\r\n\r\n`, JSON_CT, 'chunked, gzip'),
);
add(
  'chunked',
  'Transfer-Encoding: chunked twice',
  chunked(`${chunk(OK_BODY)}0\r\n\r\n`, `${JSON_CT}Transfer-Encoding: chunked\r\n`),
);
add('chunked', 'Transfer-Encoding: identity', chunked(OK_BODY, JSON_CT, 'identity'));
add('chunked', 'a chunk longer than its size', chunked(`2\r\n${OK_BODY}\r\n0\r\n\r\n`));

const manyHeaders = (count: number) =>
  Array.from({ length: count }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
add('headers', '1000 small headers', get('/healthz', manyHeaders(1000)));
add('headers', '2000 small headers', get('/healthz', manyHeaders(2000)));
add('headers', 'one 20 KB header', get('/healthz', `X-Big: ${'a'.repeat(20_000)}\r\n`));
add('headers', 'a header with an obsolete line fold', get('/healthz', 'X-Fold: a\r\n b\r\n'));
add('headers', 'a header name with a space', get('/healthz', 'X Bad: 1\r\n'));
add('headers', 'a NUL in a header value', get('/healthz', 'X-Nul: a\0b\r\n'));

add('long URLs', 'an 8 KB path', get(`/v1/secrets/${'a'.repeat(8 * 1024)}`));
add('long URLs', 'a 70 KB path', get(`/v1/secrets/${'a'.repeat(70 * 1024)}`));
add('long URLs', 'an 8 KB query', get(`/v1/secrets?prefix=${'a'.repeat(8 * 1024)}`));
add('long URLs', 'an 8 KB unknown path', get(`/${'n'.repeat(8 * 1024)}`));

const encodings: [string, string][] = [
  ['a lone %', '/v1/secrets/%'],
  ['%zz', '/v1/secrets/%zz'],
  ['overlong %c0%af', '/v1/secrets/%c0%af'],
  ['overlong %e0%80%af', '/v1/secrets/%e0%80%af'],
  ['truncated UTF-8 %e0%a4', '/v1/secrets/%e0%a4'],
  ['%00', '/v1/secrets/%00'],
  ['%zz on an unknown path', '/nope/%zz'],
  ['%zz in the query', '/v1/secrets?prefix=%zz'],
  ['an encoded slash', '/v1/secrets/a%2fb'],
];
for (const [name, target] of encodings) add('percent-encoding', name, get(target));

const paths: [string, string][] = [
  ['.. back to /healthz', '/v1/secrets/../../healthz'],
  ['%2e%2e back to /healthz', '/v1/secrets/%2e%2e/%2e%2e/healthz'],
  ['%2E%2E (upper case)', '/v1/secrets/%2E%2E/%2E%2E/healthz'],
  ['.%2e (mixed)', '/v1/secrets/.%2e/x'],
  ['%2e. (mixed)', '/v1/secrets/db/%2e./db'],
  ['a trailing ..', '/healthz/..'],
  ['a single . segment', '/v1/secrets/./db'],
  ['a trailing %2e', '/v1/secrets/%2e'],
  ['.. after a known path', '/v1/secrets/db/..'],
  ['.. on an unknown path', '/nope/../healthz'],
  ['// at the start', '//healthz'],
  ['// in the middle', '/v1//secrets/db'],
  ['backslashes', '/v1\\secrets\\db'],
  ['backslash dot dot', '/v1/secrets/..\\..\\healthz'],
  ['..%2f in one segment', '/v1/secrets/..%2fhealthz'],
  ['a ; param on a name', '/v1/secrets/db;jsessionid=1'],
  ['a ; param on /healthz', '/healthz;x'],
  ['a .well-known segment', '/.well-known/security.txt'],
  ['a dotted name', '/v1/secrets/a.b'],
  ['.. in the query only', '/healthz?x=../b'],
  ['a fragment', '/v1/secrets/db#frag'],
  ['.. in a fragment', '/healthz#/../x'],
  ['an absolute-form target with ..', 'http://vault.test/v1/secrets/../../healthz'],
  ['an absolute-form target', 'http://vault.test/healthz'],
];
for (const [name, target] of paths) add('paths', name, get(target));

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND'];
for (const method of methods) {
  add('methods', `${method} on a known route`, get('/v1/secrets/none', '', method));
  add('methods', `${method} on an unknown route`, get('/nope', '', method));
}
add(
  'methods',
  'CONNECT to an authority',
  'CONNECT vault.test:443 HTTP/1.1\r\nHost: vault.test:443\r\n\r\n',
);
add('methods', 'CONNECT to a path', get('/v1/secrets/none', '', 'CONNECT'));
add('methods', 'lower-case get', get('/healthz', '', 'get'));
add('methods', 'a 100-character method', get('/healthz', '', 'M'.repeat(100)));
add('methods', 'an unknown method', get('/healthz', '', 'BREW'));

add('HTTP/1.0', 'HTTP/1.0 with Host', get('/healthz', '', 'GET', '1.0'));
add('HTTP/1.0', 'HTTP/1.0 without Host', 'GET /healthz HTTP/1.0\r\n\r\n');
add('HTTP/1.0', 'HTTP/1.0 unknown path without Host', 'GET /nope HTTP/1.0\r\n\r\n');
add('HTTP/1.0', 'HTTP/1.1 without Host', 'GET /healthz HTTP/1.1\r\n\r\n');
add('HTTP/1.0', 'HTTP/2.0 on HTTP/1 framing', get('/healthz', '', 'GET', '2.0'));
add('HTTP/1.0', 'HTTP/9.9', get('/healthz', '', 'GET', '9.9'));

const ids: [string, string | Buffer][] = [
  ['300 characters', 'a'.repeat(300)],
  ['non-ASCII bytes', Buffer.from('X-Request-ID: caf\xe9-\xff\r\n', 'latin1')],
  ['quotes', '"abc"'],
  ['<script>', '<script>alert(1)</script>'],
  ['spaces', 'a b c'],
  ['empty', ''],
  ['two of them', 'one\r\nX-Request-ID: two'],
];
for (const [name, value] of ids) {
  const header =
    typeof value === 'string' ? Buffer.from(`X-Request-ID: ${value}\r\n`, 'latin1') : value;
  add('request ids', `X-Request-ID: ${name}`, [
    'GET /nope HTTP/1.1\r\nHost: vault.test\r\n',
    header,
    '\r\n',
  ]);
}
add('request ids', 'a safe X-Request-ID', get('/nope', 'X-Request-ID: mine-1\r\n'), {
  echoes: 'mine-1',
});

const accepts: [string, string, string?][] = [
  ['*/*;q=0', '*/*;q=0'],
  ['a 5000-character Accept', `application/json;q=0.5, ${'text/x-a, '.repeat(500)}*/*`],
  ['problem+json;q=abc', 'application/problem+json;q=abc'],
  ['text/html only', 'text/html'],
  ['application/problem+json', 'application/problem+json', 'problem'],
];
for (const [name, accept, format] of accepts) {
  add('accept', `Accept: ${name}`, get('/nope', `Accept: ${accept}\r\n`), format ? { format } : {});
}

// Accept-Language is read on every error (the vault speaks en, de, fr): a hostile one is never an
// error of its own, costs a bounded amount, and every adapter answers in the same language.
const languages: [string, string | Buffer, string][] = [
  ['de', 'de', 'de'],
  ['a 4 KB value of 400 ranges', Array.from({ length: 400 }, (_, i) => `x${i}`).join(','), 'en'],
  ['an 8 KB value, fr past the first 4096 characters', `${'a'.repeat(8000)},fr`, 'en'],
  ['1000 commas then de', `${','.repeat(1000)}de`, 'de'],
  ['q-values out of range', 'de;q=2, fr;q=-1, en;q=1.0001', 'en'],
  ['q=0 for every range', 'de;q=0, fr;q=0, *;q=0', 'en'],
  ['parameters without values', 'de;;;q;=, fr;q=', 'en'],
  ['obs-text bytes', Buffer.from([0x64, 0x65, 0xe4, 0xff, 0x2c, 0x66, 0x72]), 'fr'],
  ['UTF-8 bytes', Buffer.from('日本語, fr;q=0.5', 'utf8'), 'fr'],
  ['a wildcard only', '*', 'en'],
  ['a private-use tag', 'x-klingon, de-x-private', 'de'],
];
for (const [name, value, language] of languages) {
  add(
    'accept-language',
    `Accept-Language: ${name}`,
    [`GET /v1/secrets/ghost HTTP/1.1\r\n${HOST}Accept-Language: `, value, '\r\n\r\n'],
    { language },
  );
}
add(
  'accept-language',
  'Accept-Language sent twice',
  get('/v1/secrets/ghost', 'Accept-Language: pt\r\nAccept-Language: fr\r\n'),
  { language: 'fr' },
);

add('expect', 'Expect: bogus', get('/healthz', 'Expect: bogus\r\n'));
add('expect', 'Expect: 100-continue on a PUT', put(OK_BODY, `${JSON_CT}Expect: 100-continue\r\n`));

/** Every case of the battery. */
export const BATTERY: readonly BatteryCase[] = cases;
