/**
 * What kind of failure an error is, the same for every API whatever its codes: a client branches
 * on `error.category` once instead of on each vendor's vocabulary.
 */
export type ErrorCategory =
  | 'invalid_request'
  | 'validation'
  | 'unauthorized'
  | 'payment_required'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'not_acceptable'
  | 'timeout'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'quota'
  | 'unavailable'
  | 'not_implemented'
  | 'internal';

const BY_STATUS: Readonly<Record<number, ErrorCategory>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  402: 'payment_required',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  407: 'unauthorized',
  408: 'timeout',
  409: 'conflict',
  410: 'gone',
  411: 'invalid_request',
  412: 'precondition_failed',
  413: 'too_large',
  414: 'too_large',
  415: 'unsupported_media_type',
  416: 'invalid_request',
  422: 'validation',
  423: 'conflict',
  428: 'precondition_failed',
  429: 'rate_limited',
  431: 'too_large',
  500: 'internal',
  501: 'not_implemented',
  502: 'unavailable',
  503: 'unavailable',
  504: 'timeout',
  507: 'unavailable',
  509: 'quota',
};

/**
 * Words in codes, most telling first. Vendors say the kind in the code when the status is
 * generic (a 400 `RESOURCE_EXHAUSTED`, a 403 `rate_limit_exceeded`, a 200 envelope's
 * `NOT_FOUND`), so these decide before the status does, except where the status is precise.
 */
const BY_CODE: readonly [RegExp, ErrorCategory][] = [
  [/quota|insufficient_?funds|billing|exhausted|usage_?limit|(daily|monthly)_?limit/, 'quota'],
  [/rate_?limit|throttl|too_?many_?requests|slow_?down/, 'rate_limited'],
  [/timeout|timed_?out|deadline/, 'timeout'],
  [/unavailable|maintenance|overloaded|capacity|try_?again/, 'unavailable'],
  [
    /unauthori[sz]ed|unauthenticated|authenticat|invalid_?(token|credentials|api_?key|grant|client)|expired_?token|login_?required/,
    'unauthorized',
  ],
  [/forbidden|permission|access_?denied|not_?allowed|insufficient_?scope|scope/, 'forbidden'],
  [
    /not_?found|no_?such|does_?not_?exist|unknown_?(resource|object|id|user|account)|missing_?resource/,
    'not_found',
  ],
  [/conflict|already_?exists|duplicate|exists|aborted|locked|version_?mismatch/, 'conflict'],
  [/precondition/, 'precondition_failed'],
  [/too_?large|payload|entity_?too/, 'too_large'],
  [
    /validation|invalid_?(argument|param|field|value|input|data|email|format|body|json)|argument|param|malformed|missing_?(field|param|value)|required|unprocessable|too_?(long|short|small|big)|out_?of_?range/,
    'validation',
  ],
  [/not_?implemented|unimplemented|unsupported/, 'not_implemented'],
  [/internal|server_?error|unknown|unexpected|data_?loss/, 'internal'],
];

/** Statuses that say exactly what happened: the code only refines 429 and the 5xx. */
const PRECISE = new Set([401, 404, 405, 406, 408, 409, 410, 412, 413, 415, 428, 431]);

/** `camelCase` and `PascalCase` as `snake_case`, lower-cased, so one pattern reads every style. */
function snake(code: string): string {
  return code
    .slice(0, 200)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s.\-:/]+/g, '_')
    .toLowerCase();
}

/**
 * The category of an error from its status and code: the status when it is precise, else the
 * first kind its code names, else the status's kind (any other 4xx `invalid_request`, 5xx
 * `internal`).
 * @example categoryOf(403, 'rate_limit_exceeded') // 'rate_limited'
 * @example categoryOf(404, 'E1234') // 'not_found'
 */
export function categoryOf(status: number, code: string): ErrorCategory {
  const own = BY_STATUS[status];
  if (own !== undefined && PRECISE.has(status)) return own;
  const words = snake(code);
  for (const [pattern, category] of BY_CODE) {
    if (pattern.test(words)) {
      // A 429 is about pace or quota, whatever else its code says.
      if (status === 429 && category !== 'quota') return 'rate_limited';
      return category;
    }
  }
  return own ?? (status >= 500 ? 'internal' : 'invalid_request');
}
