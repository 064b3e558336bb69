/** What a leak is: the kind a finding names, and the pattern that finds it. */
type LeakPattern = { kind: 'stack trace' | 'file path' | 'driver message'; pattern: RegExp };

/**
 * Internals that must never reach a client. Each pattern is specific enough not to fire on
 * ordinary error text (URLs, codes, messages); all are linear (no nested quantifiers).
 */
const PATTERNS: readonly LeakPattern[] = [
  // V8: `at handler (/srv/app.js:12:5)`, `at /srv/app.js:12:5`, `at node:internal/…:1:2`.
  {
    kind: 'stack trace',
    pattern:
      /\bat (?:[\w$.<>[\] ]{1,200} \()?(?:file:\/\/|node:|\/|[A-Za-z]:\\)[^\s()'"]{0,500}:\d+:\d+/,
  },
  // Java/Kotlin frames, Python tracebacks, .NET frames.
  { kind: 'stack trace', pattern: /\bat [\w$.]{1,300}\([\w$]{1,200}\.(?:java|kt|scala):\d+\)/ },
  {
    kind: 'stack trace',
    pattern: /Traceback \(most recent call last\)|File "[^"]{1,500}", line \d+/,
  },
  { kind: 'stack trace', pattern: /\bat [\w.<>`]{1,300}\([^)]{0,300}\) in [^\s]{1,500}:line \d+/ },
  {
    kind: 'file path',
    pattern:
      /(?:^|[\s"'(=:[,])\/(?:home|usr|var|opt|srv|root|tmp|etc|Users|workspace|app)\/[\w.@-]{1,200}/,
  },
  { kind: 'file path', pattern: /\b[A-Za-z]:\\{1,2}[\w .-]{1,200}\\/ },
  { kind: 'file path', pattern: /\bnode_modules\b/ },
  {
    kind: 'driver message',
    pattern:
      /\b(?:ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|EADDRINUSE|SQLITE_[A-Z_]{2,40}|SQLSTATE|ER_[A-Z_]{3,40}|ORA-\d{5}|E11000)\b/,
  },
  {
    kind: 'driver message',
    pattern:
      /duplicate key value|violates (?:unique|foreign key|not-null|check) constraint|syntax error at or near|relation "[^"]{1,200}" does not exist|MongoServerError|SequelizeDatabaseError|PrismaClient\w{0,40}Error|QueryFailedError/,
  },
  {
    kind: 'driver message',
    pattern:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|jdbc:\w+):\/\//i,
  },
];

/** One leak found: its kind and the text that gave it away (cut to 80 characters). */
export type Leak = { kind: LeakPattern['kind']; excerpt: string };

/**
 * Internals leaked in an error response: stack frames, server file paths, database driver
 * messages and connection strings. `texts` are the body as sent and its decoded JSON strings
 * (JSON escapes `\n` and `\\`, which hides a frame or a Windows path from a raw scan); `ignore`
 * are strings the client itself sent (the request path, echoed in a problem's `instance`),
 * removed first so a route like `/app/x` is not taken for a server path. One leak per kind.
 * @example findLeaks(['{"message":"at run (/srv/app.js:1:2)"}'], []) // [{ kind: 'stack trace', … }]
 */
export function findLeaks(texts: readonly string[], ignore: readonly string[]): Leak[] {
  const found = new Map<Leak['kind'], string>();
  for (const raw of texts) {
    let text = raw;
    for (const echo of ignore) if (echo.length > 1) text = text.split(echo).join(' ');
    for (const { kind, pattern } of PATTERNS) {
      if (found.has(kind)) continue;
      const match = pattern.exec(text);
      if (match !== null) found.set(kind, excerpt(match[0]));
    }
  }
  return [...found].map(([kind, text]) => ({ kind, excerpt: text }));
}

function excerpt(text: string): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

/**
 * Every string in a JSON value (keys and values), depth- and count-bounded so a hostile body
 * cannot make the check slow.
 * @example jsonStrings({ a: ['x', { b: 'y' }] }) // ['a', 'x', 'b', 'y']
 */
export function jsonStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (out.length > 10_000 || depth > 32) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) jsonStrings(item, out, depth + 1);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      jsonStrings(item, out, depth + 1);
    }
  }
  return out;
}
