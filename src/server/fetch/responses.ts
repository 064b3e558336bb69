/**
 * The Responses errata/fetch sends: a handler's result with the request id and the rate-limit
 * headers added, and errors rendered in the negotiated format. Web-standard only.
 */
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { mergeVary } from '../../vary.js';
import { webRequestLanguage } from '../preferred-locale.js';
import { answerWithFallback } from '../render-fallback.js';
import { replyResponse } from '../reply.js';
import {
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  type Settings,
} from '../settings.js';
import type { FetchResult } from './handler.js';

/** What every response of one request carries: its id, and the rate-limit headers if any. */
export type Stamp = {
  readonly requestId: string;
  /** The header names the id goes out under. */
  readonly names: readonly string[];
  /** Rate-limit headers decided for this request. */
  extra: Readonly<Record<string, string>> | undefined;
  /** Headers the handler set on `ctx.headers`. */
  own?: Headers | undefined;
};

const encoder = new TextEncoder();

/**
 * A body as bytes, with its `Content-Length` set: a bridge (srvx on Node) cannot know the length
 * of a string body and would send it chunked, where every other adapter sends a length.
 */
function sized(
  body: string | Uint8Array,
  headers: Record<string, string>,
): Uint8Array<ArrayBuffer> {
  const bytes = (typeof body === 'string' ? encoder.encode(body) : body) as Uint8Array<ArrayBuffer>;
  headers['content-length'] = String(bytes.byteLength);
  return bytes;
}

/** A header record with lower-case names (a format or catalog entry may name them otherwise). */
function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) out[name.toLowerCase()] = headers[name] as string;
  return out;
}

/**
 * The headers of a response errata builds, from its own lower-case record: the record itself,
 * completed, when the handler set no headers of its own (no `Headers` object to fill and copy,
 * on every response), else a `Headers` (several `Set-Cookie`s need one). Names and values are
 * validated by `new Response`.
 */
function headersFor(
  record: Record<string, string>,
  stamp: Stamp,
  error: boolean,
): Record<string, string> | Headers {
  if (stamp.own !== undefined) {
    const headers = new Headers(record);
    apply(headers, stamp, error);
    return headers;
  }
  for (const name of stamp.names) record[name] = stamp.requestId;
  const extra = stamp.extra;
  if (extra !== undefined) {
    for (const name of Object.keys(extra)) {
      const lower = name.toLowerCase();
      if (!Object.hasOwn(record, lower)) record[lower] = extra[name] as string;
    }
  }
  // A plain record is not checked by every `new Response`: @hono/node-server's lighter class
  // (it replaces the global one) reads it only while sending, when a CR/LF can no longer be
  // answered.
  for (const name in record) {
    if (!HEADER_NAME.test(name) || UNSAFE_VALUE.test(record[name] as string)) {
      throw new TypeError(`errata: invalid response header ${JSON.stringify(name)}.`);
    }
  }
  return record;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;

/**
 * Whether a value is a Response, across realms and runtimes (not `instanceof`).
 * @example if (isResponse(result)) return stamped(result, stamp, false);
 */
export function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Response).status === 'number' &&
    typeof (value as Response).headers === 'object' &&
    typeof (value as Response).clone === 'function'
  );
}

/**
 * The response with the id (and the rate-limit headers it lacks) on it. A handler's own Response
 * is never changed: it may be a constant served to every request (`new Response(null, { status:
 * 204 })`), which would carry one request's cookies and id into the next. So it is answered with a
 * copy, unless `fresh` says errata made it for this request.
 * @example return stamped(response, stamp, false);
 */
export function stamped(response: Response, stamp: Stamp, fresh: boolean): Response {
  if (fresh) {
    try {
      apply(response.headers, stamp);
      return response;
    } catch {
      // Immutable headers after all (a Response from fetch()): stamp a copy below.
    }
  }
  const out = new Response(response.body, response);
  apply(out.headers, stamp);
  return out;
}

function apply(headers: Headers, stamp: Stamp, error = false): void {
  const own = stamp.own;
  if (own !== undefined) {
    const keep = stamp.names[0] as string;
    own.forEach((value, name) => {
      if (name === 'set-cookie') return;
      if (name === 'vary') {
        // A list: the handler's names (CORS's `Origin`) and the response's (`Accept-Language`
        // of an error), each once.
        headers.set(name, mergeVary(value, headers.get(name)) ?? value);
        return;
      }
      if (headers.has(name)) return;
      if (!error || !isRepresentationHeader(name, keep)) headers.set(name, value);
    });
    for (const cookie of own.getSetCookie()) headers.append('set-cookie', cookie);
  }
  for (const name of stamp.names) headers.set(name, stamp.requestId);
  const extra = stamp.extra;
  if (extra === undefined) return;
  for (const name of Object.keys(extra)) {
    if (!headers.has(name)) headers.set(name, extra[name] as string);
  }
}

/**
 * A handler's Response whose body failure is reported: once a body streams, a failure can only
 * cut the connection (the client must not take a partial body for a whole one), and the owner
 * must still hear of it, which the runtime's bridge would not tell.
 * @example return watched(response, (error) => reportError(onError, error, info));
 */
export function watched(response: Response, report: (error: unknown) => void): Response {
  const source = response.body;
  if (source === null) return response;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        report(error);
        controller.error(error);
        return;
      }
      if (read.done) controller.close();
      else controller.enqueue(read.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, response);
}

/**
 * A handler's result as a Response (a Reply serialized, nothing a 204); throws on a bad Reply.
 * `fresh`: a Response result was made by errata for this request (see `stamped`).
 * @example return resultResponse(await handler(ctx), stamp);
 */
export function resultResponse(result: FetchResult, stamp: Stamp, fresh = false): Response {
  if (isResponse(result)) return stamped(result, stamp, fresh);
  const reply = replyResponse(result ?? {});
  const status = reply.status;
  const record = reply.headers;
  const noBody = status === 204 || status === 304;
  const body = noBody ? null : sized(reply.body ?? '', record);
  return new Response(body, { status, headers: headersFor(record, stamp, false) });
}

/** How an error response is rendered: the route's pin, the request's Accept, the error info. */
export type Failing = {
  readonly routeFormat: FormatName | Format | undefined;
  /**
   * The request, whose `Accept` and `Accept-Language` (and the app's `preferLocale`) are read
   * only when an error is rendered.
   */
  readonly request: Request;
  readonly info: ErrorInfo;
  readonly path: string | undefined;
};

/**
 * The Response for a thrown value (reporting what the owner must see); never throws.
 * @example return errorResponse(error, settings, stamp, { routeFormat, request, info, path });
 */
export function errorResponse(
  error: unknown,
  settings: Settings,
  stamp: Stamp,
  failing: Failing,
): Response {
  const { info } = failing;
  const bare = () =>
    new Response(null, { status: 500, headers: { [stamp.names[0] as string]: stamp.requestId } });
  try {
    const apiError = failure(error, settings, info);
    const format = negotiateFormat({
      route: failing.routeFormat,
      app: settings.format,
      accept: settings.negotiate ? (failing.request.headers.get('accept') ?? undefined) : undefined,
    });
    const language = webRequestLanguage(failing.request);
    const context = renderContext(settings, format, info.requestId, failing.path, language);
    // `new Response` validates names and values (no CR/LF) before anything is sent; the plain
    // internal_error leaves the handler's own headers out.
    return answerWithFallback(
      settings,
      info,
      apiError,
      context,
      (rendered, fallback) => {
        const record = lowerCased(rendered.headers);
        const body = sized(rendered.body, record);
        return new Response(body, {
          status: rendered.status,
          headers: headersFor(record, stamp, !fallback),
        });
      },
      bare,
    );
  } catch (unexpected) {
    // Nothing above throws by design; should it, the client still gets an answer.
    reportError(settings.onError, unexpected, info);
    return bare();
  }
}
