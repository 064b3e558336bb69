/**
 * What `client.request()` resolves with: fetch's Response, plus whether the server answered with
 * a stored response instead of running the request again.
 * @example
 * const res = await client.request('/v1/orders', { method: 'POST', body, headers: { 'idempotency-key': key } });
 * if (res.replayed) console.log('already placed by an earlier attempt');
 */
export type ClientResponse = Response & {
  /**
   * Whether this is a replay (`Idempotent-Replayed: true`, as in
   * draft-ietf-httpapi-idempotency-key-header): an earlier request with the same
   * `Idempotency-Key` ran, and this is its stored answer: the side effects happened once, then.
   * `false` for a first execution, and for any server that does not send the header. In browsers
   * the header is readable only when the server lists it in `Access-Control-Expose-Headers`;
   * otherwise a replay reads as `false`.
   */
  readonly replayed: boolean;
};

/**
 * Whether response headers mark a replay: the draft's value `true`, in any case, trimmed;
 * anything else (absent, `false`, `1`, a repeated header) is no replay.
 * @example isReplayed(new Headers({ 'idempotent-replayed': 'True ' })) // true
 */
export function isReplayed(headers: Headers): boolean {
  return headers.get('idempotent-replayed')?.trim().toLowerCase() === 'true';
}

/**
 * The response with `replayed` set, as a read-only, non-enumerable own property: the object stays
 * the Response fetch made (its methods check their receiver, so a wrapper would break them), and
 * `replayed` sits beside `redirected`.
 * @example return withReplayed(response);
 */
export function withReplayed(response: Response): ClientResponse {
  try {
    Object.defineProperty(response, 'replayed', {
      value: isReplayed(response.headers),
      enumerable: false,
      configurable: true,
    });
  } catch {
    // A frozen Response (a custom fetch's test double) takes no property: it is still the answer,
    // and an absent `replayed` reads as no replay, which never turns a success into a failure.
  }
  return response as ClientResponse;
}
