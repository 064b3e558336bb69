import { afterOpaqueRedirect, followByRuntime, hidesRedirects } from './opaque-redirect.js';
import type { Hop, RedirectSpec } from './redirect-types.js';
import { responseError } from './response-error.js';
import { resendable } from './retry-policy.js';

export type { Hop, RedirectPolicy, RedirectSpec } from './redirect-types.js';

/** Headers that always count as credentials. */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'proxy-authorization',
  'x-api-key',
];

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Headers that describe a body: dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/**
 * Fetch, following redirects as `spec` says (with `redirect: 'manual'`, so fetch never follows
 * one on its own and never carries the client's credentials elsewhere). Without a spec the
 * caller's own `redirect` mode applies (`'manual'`: the 3xx is the answer). Method and body change
 * as in the fetch standard: 303 becomes a GET (HEAD stays), 301/302 turn a POST into a GET,
 * 307/308 keep both. Rejects with a 502 ApiError for a redirect it refuses. Where manual mode
 * gives an opaque redirect (browsers), the runtime follows instead (`afterOpaqueRedirect`).
 */
export async function fetchFollowing(hop: Hop, spec: RedirectSpec | undefined): Promise<Response> {
  const { fetch, signal } = hop;
  if (spec === undefined) {
    return fetch(hop.url, { ...hop.init, method: hop.method, headers: hop.headers, signal });
  }
  if (spec.policy !== 'error' && hidesRedirects(fetch)) return followByRuntime(hop, spec);
  let { url, method } = hop;
  let init: RequestInit = { ...hop.init, redirect: 'manual' };
  const headers = new Headers(hop.headers);
  for (let hops = 0; ; hops++) {
    const response = await fetch(url, { ...init, method, headers, signal });
    if (response.type === 'opaqueredirect') {
      // Browsers hide a manual redirect's status and Location: the runtime has to follow it.
      return afterOpaqueRedirect({ ...hop, url, method, init, headers }, spec);
    }
    if (!REDIRECTS.has(response.status)) return response;
    const location = response.headers.get('location');
    // Not read, and never the answer: only a followed redirect's target answers.
    await response.body?.cancel().catch(() => {});
    if (spec.policy === 'error') {
      throw responseError('redirect_refused', {
        message: `The server answered ${response.status} with a redirect, and redirects are not followed.`,
      });
    }
    // The response URL is the one just fetched: manual mode never moved it.
    const next = target(location, url);
    if (next.origin !== spec.origin) {
      if (spec.policy === 'same-origin') {
        // The origin only: a signed URL's query is a credential of its own.
        throw responseError('redirect_cross_origin', {
          message: `The server redirected to another origin (${next.origin}); not followed.`,
          details: { origin: next.origin },
        });
      }
      // Once stripped, they stay stripped, also if a later hop comes back.
      for (const name of spec.credentials) headers.delete(name);
    }
    if (hops >= spec.max) {
      throw responseError('too_many_redirects', {
        message: `The server redirected more than ${spec.max} times.`,
        details: { maxRedirects: spec.max },
      });
    }
    const { status } = response;
    if (
      (status === 303 && method !== 'GET' && method !== 'HEAD') ||
      (status <= 302 && method === 'POST')
    ) {
      method = 'GET';
      const {
        body: _dropped,
        duplex: _duplex,
        ...rest
      } = init as RequestInit & { duplex?: unknown };
      init = rest;
      for (const name of BODY_HEADERS) headers.delete(name);
    } else if (!resendable(init.body)) {
      throw responseError('invalid_redirect', {
        message: `The server answered ${status}, which needs the body sent again, and a stream body cannot be.`,
      });
    }
    url = next.href;
  }
}

/**
 * The URL a Location names, resolved against the response URL; only http(s) without userinfo is
 * followed.
 */
function target(location: string | null, base: string): URL {
  if (location === null || location.trim() === '') {
    throw responseError('invalid_redirect', {
      message: 'The server redirected without a Location.',
    });
  }
  let next: URL;
  try {
    next = new URL(location, base);
  } catch (cause) {
    throw responseError('invalid_redirect', {
      message: 'The server redirected to a Location that is no URL.',
      cause,
    });
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw responseError('invalid_redirect', {
      message: `The server redirected to a ${next.protocol.slice(0, 20)} URL; only http(s) is followed.`,
    });
  }
  // Credentials in a URL are the server's, not the caller's: fetch refuses such a URL with a
  // TypeError that quotes it, password included.
  if (next.username !== '' || next.password !== '') {
    throw responseError('invalid_redirect', {
      message: 'The server redirected to a URL with a user name or password; not followed.',
    });
  }
  next.hash = '';
  return next;
}
