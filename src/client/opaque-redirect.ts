import type { Hop, RedirectSpec } from './redirect-types.js';
import { responseError } from './response-error.js';
import { resendable } from './retry-policy.js';

/** The fetch functions seen answering `redirect: 'manual'` with an opaque redirect (browsers). */
const hiding = new WeakSet<object>();

/** Methods a second send cannot apply twice (RFC 9110 idempotent methods). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * Whether this fetch hides manual redirects (it gave an `opaqueredirect` before): its requests
 * then go out with `redirect: 'follow'` from the start, so none is sent twice.
 * @example if (hidesRedirects(hop.fetch)) return followByRuntime(hop, spec);
 */
export function hidesRedirects(fetch: object): boolean {
  return hiding.has(fetch);
}

/**
 * What to do when `redirect: 'manual'` gave an opaque redirect (status 0, no Location: browsers
 * hide where it goes). Remembers the fetch for later requests, then sends the request again
 * with `redirect: 'follow'` through `followByRuntime`. Refuses, with `redirect_refused`, to send
 * again a request a second send could apply twice (a POST or PATCH without `Idempotency-Key`),
 * and, with `invalid_redirect`, one whose stream body is gone.
 * @example if (response.type === 'opaqueredirect') return afterOpaqueRedirect(hop, spec);
 */
export async function afterOpaqueRedirect(hop: Hop, spec: RedirectSpec): Promise<Response> {
  hiding.add(hop.fetch);
  if (spec.policy === 'error') {
    throw responseError('redirect_refused', {
      message: 'The server redirected, and redirects are not followed.',
    });
  }
  if (spec.max === 0) {
    throw responseError('too_many_redirects', {
      message: 'The server redirected more than 0 times.',
      details: { maxRedirects: 0 },
    });
  }
  if (!IDEMPOTENT.has(hop.method) && !hop.headers.has('idempotency-key')) {
    throw responseError('redirect_refused', {
      message: `The server redirected a ${hop.method}, and this runtime hides where to: sending it again could apply it twice. Later requests let the runtime follow redirects.`,
    });
  }
  if (!resendable(hop.init.body)) {
    throw responseError('invalid_redirect', {
      message: 'The server redirected, and a stream body cannot be sent again.',
    });
  }
  return followByRuntime(hop, spec);
}

/**
 * Fetch with `redirect: 'follow'`, for runtimes that hide manual redirects, then check where the
 * response came from: off the base origin under `'same-origin'`, it rejects with
 * `redirect_cross_origin` (its body unread).
 *
 * Residual risk, as the runtime followed and not the client: the request did reach the other
 * origin before the check. Browsers drop `Authorization` on a cross-origin hop, send cookies
 * only as `credentials` allows, and send other headers (`X-API-Key`, `credentialHeaders`) only if
 * the other origin's CORS preflight allows them by name, so a hostile target can collect those.
 * Under `'strip-credentials'` the same holds: the client cannot strip what the runtime sends.
 * Only the final URL is known: a chain that leaves the origin and comes back passes the check,
 * and `maxRedirects` is the runtime's (20 in browsers), not the client's.
 * @example const response = await followByRuntime(hop, spec);
 */
export async function followByRuntime(hop: Hop, spec: RedirectSpec): Promise<Response> {
  const { fetch, url, method, init, headers, signal } = hop;
  const response = await fetch(url, { ...init, redirect: 'follow', method, headers, signal });
  if (spec.policy !== 'same-origin') return response;
  // An empty URL (a Response made by hand) is the one requested: nothing says it moved.
  const origin = originOf(response.url === '' ? url : response.url);
  if (origin === spec.origin) return response;
  await response.body?.cancel().catch(() => {});
  throw responseError('redirect_cross_origin', {
    message: `The server redirected to another origin (${origin}); the response is refused.`,
    details: { origin },
  });
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}
