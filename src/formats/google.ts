import type { FieldViolation } from '../api-error.js';
import { upperSnake } from '../code-case.js';
import { grpcStatusName, STATUS_BY_GRPC } from '../status.js';
import {
  dotPath,
  fromDotted,
  isObject,
  type JsonObject,
  num,
  parsedError,
  rendered,
  retryAfterOf,
  str,
  violation,
  visible,
} from './shared.js';
import type { Format } from './types.js';

const T = 'type.googleapis.com/google.rpc.';
const ERROR_INFO_TYPE = `${T}ErrorInfo`;
const BAD_REQUEST_TYPE = `${T}BadRequest`;
const RETRY_INFO_TYPE = `${T}RetryInfo`;
const REQUEST_INFO_TYPE = `${T}RequestInfo`;
const HELP_TYPE = `${T}Help`;

/** AIP-193: `{ "error": { code, message, status, details: [ErrorInfo, BadRequest, RetryInfo, RequestInfo] } }`. */
export const googleFormat: Format = {
  name: 'google',
  contentType: 'application/json',
  drops: [
    "the code's original spelling (the ErrorInfo reason is UPPER_SNAKE; catalog.normalize restores it)",
    'violation codes are UPPER_SNAKE too',
    'the title (a Help link carries it as its description only with a docUrl)',
    'details values become strings (ErrorInfo metadata is a map of strings)',
    'nested details (only top-level members go into metadata)',
  ],
  render(error, context) {
    const { message, details, fields } = visible(error);
    const metadata: Record<string, string> = Object.create(null); // keys come from details
    if (isObject(details)) {
      for (const key in details) {
        const value = details[key];
        if (value !== undefined)
          metadata[key] = typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    const list: JsonObject[] = [
      {
        '@type': ERROR_INFO_TYPE,
        reason: upperSnake(error.code),
        domain: context?.domain ?? context?.catalog?.domain ?? 'errata',
        metadata,
      },
    ];
    if (fields !== undefined && fields.length > 0) {
      list.push({
        '@type': BAD_REQUEST_TYPE,
        fieldViolations: fields.map((f) =>
          f.code === undefined
            ? { field: dotPath(f.path), description: f.message }
            : { field: dotPath(f.path), description: f.message, reason: upperSnake(f.code) },
        ),
      });
    }
    const retryAfter = retryAfterOf(error, context);
    if (retryAfter !== undefined)
      list.push({ '@type': RETRY_INFO_TYPE, retryDelay: `${retryAfter}s` });
    const requestId = context?.requestId ?? error.requestId;
    if (requestId !== undefined)
      list.push({ '@type': REQUEST_INFO_TYPE, requestId, servingData: '' });
    if (error.docUrl !== undefined) {
      list.push({ '@type': HELP_TYPE, links: [{ description: error.title, url: error.docUrl }] });
    }
    const body = {
      error: { code: error.status, message, status: grpcStatusName(error.status), details: list },
    };
    return rendered(error, context, 'application/json', body);
  },
  parse(input) {
    const body = input.json;
    // Some Google APIs send a bare array around the error object.
    const root = Array.isArray(body) && body.length === 1 ? body[0] : body;
    if (!isObject(root) || !isObject(root.error)) return undefined;
    const e = root.error;
    const statusName = str(e.status);
    if (typeof e.code !== 'number' || (statusName === undefined && !Array.isArray(e.details)))
      return undefined;
    let reason: string | undefined;
    let details: JsonObject | undefined;
    let requestId: string | undefined;
    let retryAfter: number | undefined;
    let docUrl: string | undefined;
    const fields: FieldViolation[] = [];
    for (const d of Array.isArray(e.details) ? e.details : []) {
      if (!isObject(d)) continue;
      const type = str(d['@type']) ?? '';
      if (type.endsWith('.ErrorInfo')) {
        reason = str(d.reason);
        if (isObject(d.metadata) && Object.keys(d.metadata).length > 0) details = d.metadata;
      } else if (type.endsWith('.BadRequest') && Array.isArray(d.fieldViolations)) {
        for (const f of d.fieldViolations) {
          if (!isObject(f)) continue;
          const v = violation(fromDotted(str(f.field) ?? ''), f.description, f.reason);
          if (v) fields.push(v);
        }
      } else if (type.endsWith('.RetryInfo')) {
        retryAfter = duration(d.retryDelay);
      } else if (type.endsWith('.RequestInfo')) {
        requestId = str(d.requestId);
      } else if (type.endsWith('.Help') && Array.isArray(d.links) && isObject(d.links[0])) {
        docUrl = str(d.links[0].url);
      }
    }
    return parsedError(input, 'google', {
      status: num(e.code) ?? (statusName === undefined ? undefined : STATUS_BY_GRPC[statusName]),
      code: reason ?? statusName?.toLowerCase(),
      message: str(e.message),
      details,
      fields,
      requestId,
      retryAfter,
      docUrl,
    });
  },
};

/** A protobuf Duration in JSON (`"1.5s"`) or `{ seconds, nanos }`, in seconds. */
function duration(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const m = /^(\d{1,12})(?:\.(\d{1,9}))?s$/.exec(value);
    return m ? Number(`${m[1]}.${m[2] ?? '0'}`) : undefined;
  }
  if (isObject(value)) {
    const seconds = Number(value.seconds ?? 0);
    const nanos = Number(value.nanos ?? 0);
    return Number.isFinite(seconds) && Number.isFinite(nanos) ? seconds + nanos / 1e9 : undefined;
  }
  return undefined;
}
