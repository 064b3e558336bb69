/** The most characters an Idempotency-Key may have (Stripe's and Adyen's bound). */
export const MAX_KEY_LENGTH = 255;

/** What reading an `Idempotency-Key` header found. */
export type KeyReading =
  | { readonly kind: 'absent' }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'malformed'; readonly reason: string };

const ABSENT: KeyReading = Object.freeze({ kind: 'absent' });

/**
 * Read the `Idempotency-Key` header: a Structured Field string (`"8e03978e-…"`, the IETF draft's
 * form, with `\"` and `\\` escapes) or a bare token (`8e03978e-…`, what most clients send). The key
 * is 1 to 255 printable ASCII characters; a bare token has no spaces, quotes, commas or
 * backslashes. More than one value (a repeated header, a list) is malformed: which one the
 * client meant is unknowable. The reason never quotes the key.
 * @example readIdempotencyKey('"a1b2"') // { kind: 'key', key: 'a1b2' }
 */
export function readIdempotencyKey(value: string | readonly string[] | undefined): KeyReading {
  if (value === undefined) return ABSENT;
  if (typeof value !== 'string') {
    if (value.length === 0) return ABSENT;
    if (value.length > 1) return malformed('it was sent more than once');
    return readIdempotencyKey(value[0]);
  }
  const text = trimOws(value);
  if (text.length === 0) return malformed('it is empty');
  if (text.length > MAX_KEY_LENGTH * 2 + 2) return malformed(tooLong());
  const key = text.charCodeAt(0) === 0x22 ? sfString(text) : bareToken(text);
  if (typeof key !== 'string') return key;
  if (key.length === 0) return malformed('it is empty');
  if (key.length > MAX_KEY_LENGTH) return malformed(tooLong());
  return { kind: 'key', key };
}

function tooLong(): string {
  return `it is longer than ${MAX_KEY_LENGTH} characters`;
}

function malformed(reason: string): KeyReading {
  return { kind: 'malformed', reason };
}

/** Strip spaces and tabs around a field value (RFC 9110 OWS). */
function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** RFC 9651 §4.2.5: a quoted string of printable ASCII with `\"` and `\\` escapes, alone. */
function sfString(text: string): string | KeyReading {
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5c) {
      const next = text.charCodeAt(i + 1);
      if (next !== 0x22 && next !== 0x5c) return malformed('it has an invalid escape');
      out += text[i + 1];
      i++;
    } else if (code === 0x22) {
      if (i !== text.length - 1) return malformed('it has characters after its closing quote');
      return out;
    } else if (code < 0x20 || code > 0x7e) {
      return malformed('it has a character outside printable ASCII');
    } else {
      out += text[i];
    }
  }
  return malformed('its quoted string is not closed');
}

/** A bare key: printable ASCII without spaces, quotes, commas, semicolons or backslashes. */
function bareToken(text: string): string | KeyReading {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code > 0x7e) {
      return malformed('it has a space or a character outside printable ASCII');
    }
    if (code === 0x22 || code === 0x2c || code === 0x3b || code === 0x5c) {
      return malformed('it has a quote, comma, semicolon or backslash outside a quoted string');
    }
  }
  return text;
}
