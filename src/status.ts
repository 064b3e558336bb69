/** Reason phrases for the statuses an API is likely to send (RFC 9110 and friends). */
const PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  511: 'Network Authentication Required',
};

/**
 * A record keyed by status as a packed array indexed by status: a literal with keys 400..511
 * gets dictionary elements in V8 (~20 ns a lookup), an array read costs a few, and the parse path
 * looks phrases and codes up several times per body.
 */
function byStatus(record: Readonly<Record<number, string>>): readonly (string | undefined)[] {
  return Array.from({ length: 600 }, (_, status) => record[status]);
}

const PHRASE_LIST = /* @__PURE__ */ byStatus(PHRASES);

/**
 * The reason phrase of a status, or a generic one for its class.
 * @example statusPhrase(404) // 'Not Found'
 */
export function statusPhrase(status: number): string {
  return (
    PHRASE_LIST[status] ??
    (status >= 500 ? 'Server Error' : status >= 400 ? 'Client Error' : 'Error')
  );
}

/**
 * What Node's HTTP server sends after each status (`http.STATUS_CODES`), written out because core
 * also runs where `node:http` does not (Workers): RFC 9110's error phrases above, except where
 * Node keeps the older names (422 `Unprocessable Entity`, 413 `Payload Too Large`) or has a few
 * more, plus the statuses below 400. A reference page must show what clients actually receive.
 */
// Object.assign, not a spread: a bundler drops an unused pure call, never a literal with a spread
// (a spread may run getters), and a bundle that never asks for reason phrases (errata/client/lite)
// need not carry them.
const REASON_PHRASES: Readonly<Record<number, string>> = /* @__PURE__ */ Object.assign(
  {
    100: 'Continue',
    101: 'Switching Protocols',
    102: 'Processing',
    103: 'Early Hints',
    200: 'OK',
    201: 'Created',
    202: 'Accepted',
    203: 'Non-Authoritative Information',
    204: 'No Content',
    205: 'Reset Content',
    206: 'Partial Content',
    207: 'Multi-Status',
    208: 'Already Reported',
    226: 'IM Used',
    300: 'Multiple Choices',
    301: 'Moved Permanently',
    302: 'Found',
    303: 'See Other',
    304: 'Not Modified',
    305: 'Use Proxy',
    307: 'Temporary Redirect',
    308: 'Permanent Redirect',
  },
  PHRASES,
  {
    413: 'Payload Too Large',
    418: "I'm a Teapot",
    422: 'Unprocessable Entity',
    506: 'Variant Also Negotiates',
    509: 'Bandwidth Limit Exceeded',
    510: 'Not Extended',
  },
);

/**
 * The reason phrase Node's HTTP servers send with a status (its `http.STATUS_CODES`), or
 * `undefined` for a status Node has no phrase for (it then sends `unknown`). `statusPhrase`, used
 * for problem titles, follows RFC 9110 instead.
 * @example reasonPhrase(422) // 'Unprocessable Entity'
 */
export function reasonPhrase(status: number): string | undefined {
  return Object.hasOwn(REASON_PHRASES, status) ? REASON_PHRASES[status] : undefined;
}

let phrases: Set<string> | undefined;

/**
 * Whether a text is an HTTP reason phrase (`Not Found`, `Unauthorized`, any case), as bodies that
 * restate the status line carry under `error`: a restated status, not a code or a message.
 * @example isReasonPhrase('bad request') // true
 */
export function isReasonPhrase(text: string): boolean {
  phrases ??= new Set(
    [...Object.values(REASON_PHRASES), ...Object.values(PHRASES)].map((p) => p.toLowerCase()),
  );
  return text.length < 40 && phrases.has(text.trim().toLowerCase());
}

/** True for an integer HTTP error status (400..599). */
export function isErrorStatus(status: unknown): status is number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}

const RETRYABLE = new Set([408, 429, 502, 503, 504]);

/**
 * Whether a status is worth retrying when nothing else is known: 408, 429, 502, 503, 504.
 * @example defaultRetryable(503) // true
 */
export function defaultRetryable(status: number): boolean {
  return RETRYABLE.has(status);
}

/** Whether a status's message and details are shown to clients by default (below 500). */
export function defaultExpose(status: number): boolean {
  return status < 500;
}

const CODES: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  410: 'gone',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_error',
  429: 'rate_limited',
  500: 'internal_error',
  501: 'not_implemented',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'upstream_timeout',
};

const CODE_LIST = /* @__PURE__ */ byStatus(CODES);

/**
 * A stable code for a status, used when a body names none (plain `{"message"}`, HTML, empty).
 * @example codeForStatus(404) // 'not_found'
 */
export function codeForStatus(status: number): string {
  return CODE_LIST[status] ?? (isErrorStatus(status) ? `http_${status}` : 'unknown_error');
}

/** google.rpc.Code names by HTTP status (AIP-193 / google/rpc/code.proto mapping). */
const GRPC_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  410: 'NOT_FOUND',
  412: 'FAILED_PRECONDITION',
  413: 'OUT_OF_RANGE',
  416: 'OUT_OF_RANGE',
  422: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const GRPC_LIST = /* @__PURE__ */ byStatus(GRPC_BY_STATUS);

/** The canonical google.rpc status name for an HTTP status. */
export function grpcStatusName(status: number): string {
  return (
    GRPC_LIST[status] ??
    (status >= 500 ? 'INTERNAL' : status >= 400 ? 'FAILED_PRECONDITION' : 'UNKNOWN')
  );
}

/** HTTP statuses of the canonical google.rpc codes, for parsing bodies that carry only the name. */
export const STATUS_BY_GRPC: Readonly<Record<string, number>> = {
  OK: 200,
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
};
