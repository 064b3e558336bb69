import { isObject, parsedError, str } from '../formats/shared.js';
import type { ShapeParser } from './util.js';

/**
 * Error codes of OAuth 2 and its extensions: RFC 6749 (token and authorization endpoints),
 * RFC 6750 (bearer tokens), RFC 8628 (device flow), RFC 8707, RFC 9449 (DPoP), OpenID Connect.
 */
export const OAUTH_CODES: ReadonlySet<string> = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'invalid_token',
  'insufficient_scope',
  'authorization_pending',
  'slow_down',
  'expired_token',
  'invalid_target',
  'invalid_dpop_proof',
  'use_dpop_nonce',
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'registration_not_supported',
]);

/** An OAuth error code: printable ASCII without spaces, quotes or backslashes (RFC 6749 §5.2). */
export function isOauthCode(value: string): boolean {
  return value.length > 0 && value.length <= 100 && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(value);
}

/**
 * OAuth 2 token errors (RFC 6749 §5.2): `{ error: "invalid_grant", error_description?,
 * error_uri? }`. Recognised when `error` is a code and either a description or URI is present or
 * the code is a registered one; otherwise `{ error: "…" }` is left to the generic shape.
 */
export const parseOauth2: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body) || typeof body.error !== 'string' || !isOauthCode(body.error))
    return undefined;
  const description = str(body.error_description);
  const uri = str(body.error_uri);
  if (description === undefined && uri === undefined && !OAUTH_CODES.has(body.error))
    return undefined;
  return parsedError(input, 'oauth2', {
    code: body.error,
    message: description,
    docUrl: uri,
  });
};
