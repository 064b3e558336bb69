/**
 * The app's own choice of language for a request (a signed-in user's saved language), kept
 * beside the request until an error is rendered: it wins over `Accept-Language` when the
 * catalog has that language (or a broader one). Every adapter's `preferLocale` keeps it under
 * the request object its errors are rendered from (node's IncomingMessage, a fetch Request), and
 * its renderer reads it back with `preferredLocaleOf`. No Node built-ins.
 */
import { isLanguageTag } from '../i18n/accept-language.js';
import type { RequestLanguage } from './settings.js';

/** Choices by request (a WeakMap: nothing to clash with on the framework's objects). */
const preferred = new WeakMap<object, string>();

/**
 * Keep the app's language for a request under each of `keys` (the objects the adapter renders
 * its errors from); `undefined` forgets it. Throws a TypeError for a value that is not a
 * language tag (`de`, `de-CH`, `zh-Hant-TW`), or when there is no request object to keep it on.
 * @example setPreferredLocale([req], 'de-CH');
 */
export function setPreferredLocale(
  keys: readonly unknown[],
  locale: string | undefined,
  where = 'preferLocale()',
): void {
  if (locale !== undefined && !isLanguageTag(locale)) {
    throw new TypeError(
      `errata: ${where} needs a language tag such as 'de' or 'de-CH'; got ${describe(locale)}.`,
    );
  }
  let kept = false;
  for (const key of keys) {
    if (typeof key !== 'object' || key === null) continue;
    if (locale === undefined) preferred.delete(key);
    else preferred.set(key, locale);
    kept = true;
  }
  if (!kept) throw new TypeError(`errata: ${where} needs the request object.`);
}

/**
 * The language the app chose for a request, looked up under each of `keys` in turn (the views of
 * one request an adapter knows), or undefined.
 * @example renderContext(settings, format, id, path, { acceptLanguage, preferredLocale: preferredLocaleOf(req) })
 */
export function preferredLocaleOf(...keys: unknown[]): string | undefined {
  for (const key of keys) {
    if (typeof key !== 'object' || key === null) continue;
    const found = preferred.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Request headers as node:http (and frameworks on it) keep them. */
type NodeHeaders = { readonly [name: string]: string | string[] | undefined };

/**
 * The language of a node:http request: its `Accept-Language`, and the app's choice kept under it
 * or under one of `views` (the framework's own request objects).
 * @example renderContext(settings, format, requestId, path, nodeRequestLanguage(req))
 */
export function nodeRequestLanguage(
  req: { readonly headers: NodeHeaders },
  ...views: unknown[]
): RequestLanguage {
  const header = req.headers['accept-language'];
  return {
    acceptLanguage: Array.isArray(header) ? header.join(', ') : header,
    preferredLocale: preferredLocaleOf(req, ...views),
  };
}

/**
 * The language of a fetch Request: its `Accept-Language`, and the app's choice kept under it or
 * under one of `views` (a context made for it).
 * @example renderContext(settings, format, requestId, path, webRequestLanguage(request))
 */
export function webRequestLanguage(
  request: { readonly headers: { get(name: string): string | null } },
  ...views: unknown[]
): RequestLanguage {
  return {
    acceptLanguage: request.headers.get('accept-language') ?? undefined,
    preferredLocale: preferredLocaleOf(request, ...views),
  };
}

/** A value for an error message: short, and never the value's own (hostile) `toString`. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return value === null ? 'null' : typeof value;
}
