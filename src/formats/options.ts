// The options of each built-in format, given to `formats.<name>.with(options)`. Every option is
// plain JSON data: `format.options` shows it and `errata snapshot` records it as wire contract.

/**
 * A body member's new name, or `false` to leave the member out of every body.
 * @example { request_id: 'requestId', instance: false }
 */
export type MemberOption = string | false;

/**
 * Options of the `problem` format (RFC 9457).
 * @example formats.problem.with({ members: { code: false, request_id: false }, type: 'about:blank' })
 */
export type ProblemOptions = {
  /** Rename or leave out errata's extension members, keyed by their default names. */
  members?: {
    /** The occurrence URI (the request path). @default 'instance' @example false */
    instance?: MemberOption;
    /** The stable code. Left out, clients branch on `type` or the status. @default 'code' @example false */
    code?: MemberOption;
    /** The request id (the `X-Request-ID` header always has it). @default 'request_id' @example 'requestId' */
    request_id?: MemberOption;
    /** The violations list `[{ detail, pointer, code }]`. @default 'errors' @example 'invalid_params' */
    errors?: MemberOption;
    /**
     * The code's details. An object's members always become top-level members; a name here is
     * where details that are not an object go. `false`: details never reach the body.
     * @default 'details'
     * @example false
     */
    details?: MemberOption;
  };
  /**
   * What `type` holds. `'uri'`: the code's type URI (the entry's own `type`, else typeBase +
   * code), else `about:blank`. `'about:blank'`: always `about:blank` unless the entry sets its own
   * `type` (the catalog must be in the render context, as servers and `renderError` put it).
   * `'code'`: the code itself. `title` is the status phrase with `about:blank`, else the entry's.
   * @default 'uri'
   * @example 'about:blank'
   */
  type?: 'uri' | 'about:blank' | 'code';
  /**
   * A member with the `Retry-After` seconds on 429 and 503 responses. @default false (header only)
   * @example 'retry_after'
   */
  retryAfter?: MemberOption;
};

/**
 * Options of the `envelope` format (`{ "error": { … } }`).
 * @example formats.envelope.with({ members: { request_id: 'requestId' }, retryAfter: 'retry_after' })
 */
export type EnvelopeOptions = {
  /** Rename or leave out members of `error`, keyed by their default names. */
  members?: {
    /** The stable code. @default 'code' @example 'type' */
    code?: MemberOption;
    /** Details and violations. `false` sends neither. @default 'details' @example 'data' */
    details?: MemberOption;
    /** The violations list inside details. @default 'fields' @example 'errors' */
    fields?: MemberOption;
    /** The request id. @default 'request_id' @example 'requestId' */
    request_id?: MemberOption;
    /** The documentation link of the code. @default 'doc_url' @example false */
    doc_url?: MemberOption;
  };
  /**
   * A member of `error` with the `Retry-After` seconds on 429 and 503 responses.
   * @default false (header only)
   * @example 'retry_after'
   */
  retryAfter?: MemberOption;
};

/**
 * Options of the `message` format (`{ "message": "…" }`).
 * @example formats.message.with({ members: { message: 'error' } })
 */
export type MessageOptions = {
  /** Rename the one member. */
  members?: {
    /** The message. @default 'message' @example 'error' */
    message?: string;
  };
};

/**
 * Options of the `success` format (`{ "success": false, "error", "meta" }`).
 * @example formats.success.with({ timestamp: 'seconds' })
 */
export type SuccessOptions = {
  /** Rename or leave out members of `error` and `meta`, keyed by their default names. */
  members?: {
    /** `meta.requestId`. @default 'requestId' @example 'request_id' */
    requestId?: MemberOption;
    /** `meta.timestamp`. @default 'timestamp' @example false */
    timestamp?: MemberOption;
    /** `error.field`, the first invalid field. @default 'field' @example 'param' */
    field?: MemberOption;
    /** `error.retryAfter` on 429 responses. @default 'retryAfter' @example false */
    retryAfter?: MemberOption;
  };
  /**
   * Precision of `meta.timestamp`: `'seconds'` writes `2025-12-14T10:30:00Z`, `false` leaves it out.
   * @default 'milliseconds'
   * @example 'seconds'
   */
  timestamp?: 'milliseconds' | 'seconds' | false;
};

/**
 * Options of the `laravel` format (`{ "message", "errors": { field: [messages] } }`).
 * @example formats.laravel.with({ members: { errors: 'violations' } })
 */
export type LaravelOptions = {
  /** Rename the two members. */
  members?: {
    /** The message. @default 'message' @example 'error' */
    message?: string;
    /** The field map. @default 'errors' @example 'violations' */
    errors?: string;
  };
};

/**
 * Options of the `google` format (AIP-193): leave out detail entries the API does not send.
 * @example formats.google.with({ members: { RequestInfo: false } })
 */
export type GoogleOptions = {
  /** Detail entries by their type name; only `false` (left out) is accepted. */
  members?: {
    /** The request id entry. @default sent when there is a request id @example false */
    RequestInfo?: false;
    /** The retry delay entry. @default sent on 429 and 503 @example false */
    RetryInfo?: false;
    /** The documentation link entry. @default sent when the code has a docUrl @example false */
    Help?: false;
    /**
     * AIP-193's `LocalizedMessage` (locale and message), on errors whose message a translated
     * catalog localized into a language other than its own.
     * @default sent when the error's locale is not the catalog's @example false
     */
    LocalizedMessage?: false;
  };
};

/**
 * Options of the `jsonapi` format (JSON:API error documents).
 * @example formats.jsonapi.with({ members: { request_id: 'requestId', links: false } })
 */
export type JsonapiOptions = {
  /** Rename or leave out members, keyed by their default names. */
  members?: {
    /** The document's `meta.request_id`. @default 'request_id' @example false */
    request_id?: MemberOption;
    /** Each error object's `meta` (details and the violation code). @default sent @example false */
    meta?: false;
    /** Each error object's `links.type` (the docUrl). @default sent @example false */
    links?: false;
  };
};

/**
 * Options of the `stripe` format (`{ "error": { type, code, message, param, doc_url } }`).
 * @example formats.stripe.with({ members: { doc_url: false } })
 */
export type StripeOptions = {
  /** Rename or leave out members of `error`, keyed by their default names. */
  members?: {
    /** The first invalid parameter. @default 'param' @example 'field' */
    param?: MemberOption;
    /** The documentation link. @default 'doc_url' @example false */
    doc_url?: MemberOption;
  };
};
