/** What identifies a request for its Idempotency-Key: a second use must match it exactly. */
export type FingerprintInput = {
  /** Upper-case method. */
  readonly method: string;
  /** The request path with its query string, as received. */
  readonly path: string;
  /** The body's bytes (empty without one). */
  readonly body: Uint8Array;
};

const encoder = new TextEncoder();

/**
 * The default fingerprint: the method, the path (with the query) and the SHA-256 of the body,
 * through WebCrypto, so it runs on every runtime.
 * @example await defaultFingerprint({ method: 'POST', path: '/v1/charges', body })
 */
export function defaultFingerprint(input: FingerprintInput): string | Promise<string> {
  const body = sha256(input.body);
  const head = `${input.method} ${input.path} `;
  return typeof body === 'string' ? head + body : body.then((hash) => head + hash);
}

type NodeHash = {
  update(data: Uint8Array | string): NodeHash;
  digest(encoding: 'base64url'): string;
};
type NodeCrypto = { createHash(algorithm: 'sha256'): NodeHash };

/**
 * node:crypto where the runtime has it (Node ≥ 20.16, Bun, Deno): a synchronous hash costs ~2 µs
 * where WebCrypto's `subtle.digest` costs ~25 µs (a thread-pool job and a promise), a few times
 * per request. Found at run time, so this module imports nothing from `node:` and still runs on
 * Workers, through WebCrypto.
 */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

/** Base64url SHA-256 of bytes or a string's UTF-8. */
export function sha256(data: Uint8Array | string): string | Promise<string> {
  if (nodeCrypto !== undefined) {
    return nodeCrypto.createHash('sha256').update(data).digest('base64url');
  }
  return subtleSha256(data);
}

/**
 * What the middleware stores for the default fingerprint: one SHA-256 over the method, the path
 * and the body (`defaultFingerprint`'s parts, unambiguous: the method and path hold no
 * newline), rather than a hash of a string holding the body's hash: one hash instead of two.
 */
export function defaultFingerprintHash(input: FingerprintInput): string | Promise<string> {
  const head = `${input.method} ${input.path}\n`;
  if (nodeCrypto !== undefined) {
    return nodeCrypto.createHash('sha256').update(head).update(input.body).digest('base64url');
  }
  const bytes = encoder.encode(head);
  const all = new Uint8Array(bytes.length + input.body.length);
  all.set(bytes);
  all.set(input.body, bytes.length);
  return subtleSha256(all);
}

async function subtleSha256(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
  );
  return base64url(digest);
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * A fresh lease token: a random UUID (122 random bits). Only its holder's identity matters, not
 * secrecy, and `randomUUID` draws from a cached entropy pool (where 16 fresh random bytes cost
 * ~5 µs a call).
 */
export function leaseToken(): string {
  return globalThis.crypto.randomUUID();
}
