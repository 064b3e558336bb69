import type { FieldViolation } from '../../api-error.js';
import { safeId } from '../headers.js';
import { pathOf } from './fields.js';
import { codeInMessage } from './keys.js';

/** What the recogniser read from a JSON error body; each part only when the body has it. */
export type GenericParts = {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
  retryAfter?: number | undefined;
  fields?: FieldViolation[] | undefined;
};

/** `… RequestId:42a48a49-…` inside a message (Azure Storage): the id, when nothing else names one. */
export function idInMessage(message: string | undefined): string | undefined {
  // The id follows `:` or `=`: a message with neither has none (and skips the regex).
  const m =
    message === undefined || (!message.includes(':') && !message.includes('='))
      ? null
      : /\bRequest ?Id[:=]\s*([A-Za-z0-9][\w-]{7,99})/i.exec(message);
  return m === null ? undefined : safeId(m[1]);
}

/** `Too Many Requests: retry after 3` (Telegram): seconds, when nothing else names a delay. */
export function retryInMessage(message: string | undefined, status: number): number | undefined {
  if (message === undefined || (status !== 429 && status !== 503)) return undefined;
  // "retry after 3", "try again in 30s", "Expected available in 831.0 seconds" (PokéAPI).
  const m =
    /\b(?:retry|try again|available) (?:after|in) (\d{1,9}(?:\.\d{1,9})?) ?(?:s|sec|secs|seconds?)?\b/i.exec(
      message,
    );
  return m === null ? undefined : Number(m[1]);
}

/**
 * `Bad value: order_lines[3].total_tax_amount` (Klarna), `Api validation failed: conditions.people`
 * (Okta): a message that ends in one field path after a phrase about a value or field.
 */
export function fieldInMessage(message: string | undefined): FieldViolation[] | undefined {
  if (message === undefined || message.length > 300) return undefined;
  const m = /^([^:]{3,60}):\s*([A-Za-z_][\w-]*(?:\[\d{1,9}\]|\.[A-Za-z_][\w-]*)*)\.?$/.exec(
    message,
  );
  if (m === null) return undefined;
  if (
    !/\b(value|field|param|parameter|property|attribute|validation|required|missing|invalid)\b/i.test(
      m[1] as string,
    )
  ) {
    return undefined;
  }
  const path = pathOf(m[2]);
  return path === undefined ? undefined : [{ path, message }];
}

/**
 * What a message's own words say: a code (`EMAIL_EXISTS`, `INVALID_ARGUMENT : …`), a request
 * id, a delay (429/503), a field (400/422).
 * @example inMessage('Too Many Requests: retry after 3', 429).retryAfter // 3
 */
export function inMessage(message: string, status: number): GenericParts {
  const code = codeInMessage(message);
  return {
    code: code?.code,
    message: code?.rest,
    requestId: idInMessage(message),
    retryAfter: retryInMessage(message, status),
    fields: status === 400 || status === 422 ? fieldInMessage(message) : undefined,
  };
}
