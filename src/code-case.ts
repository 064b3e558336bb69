/** Codes are few and repeat on every response: remember their reasons (bounded). */
const reasons = new Map<string, string>();

/** `not_found` or `secretNotFound` -> `NOT_FOUND` / `SECRET_NOT_FOUND` (AIP-193 reasons are UPPER_SNAKE). */
export function upperSnake(code: string): string {
  let reason = reasons.get(code);
  if (reason === undefined) {
    reason = toUpperSnake(code);
    if (reasons.size < 1000) reasons.set(code, reason);
  }
  return reason;
}

function toUpperSnake(code: string): string {
  return code
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
    .slice(0, 63);
}
