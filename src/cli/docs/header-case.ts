/**
 * `x-request-id` -> `X-Request-ID`, `content-type` -> `Content-Type`.
 * @example headerCase('retry-after') // 'Retry-After'
 */
export function headerCase(name: string): string {
  return name
    .split('-')
    .map((part) => {
      const lower = part.toLowerCase();
      if (lower === 'id' || lower === 'www') return lower.toUpperCase();
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('-');
}
