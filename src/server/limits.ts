/** Default largest request body, in bytes (64 KiB). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
