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
export async function defaultFingerprint(input: FingerprintInput): Promise<string> {
  return `${input.method} ${input.path} ${await sha256(input.body)}`;
}

/** Base64url SHA-256 of bytes or a string's UTF-8. */
export async function sha256(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
  );
  let binary = '';
  for (let i = 0; i < digest.length; i++) binary += String.fromCharCode(digest[i] as number);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A fresh lease token: 128 random bits, base64url. */
export function leaseToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
