/**
 * Response headers that belong to one exchange, not to the stored answer: a replay gets its own
 * (Date, the request id, rate-limit state, framing) and never another exchange's cookies.
 */
const PER_EXCHANGE = new Set([
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'x-request-id',
  'set-cookie',
  'ratelimit',
  'ratelimit-policy',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'idempotent-replayed',
]);

/**
 * The headers of a response worth replaying: names lower-cased, lists joined with `, `, the
 * per-exchange ones (and the app's request-id header `idHeader`) left out.
 * @example storableHeaders(res.getHeaders(), 'x-request-id')
 */
export function storableHeaders(
  headers: Readonly<Record<string, unknown>>,
  idHeader: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (PER_EXCHANGE.has(lower) || lower === idHeader) continue;
    const value = headers[name];
    if (value === undefined || value === null) continue;
    out[lower] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
