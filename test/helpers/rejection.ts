import { type ApiError, isApiError } from '../../src/api-error.js';

/**
 * Settle a promise that should reject, and return its reason; throws when it resolves.
 * @example const reason = await rejection(client.get('/down'));
 */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/**
 * Settle a promise that should reject with an ApiError, and return it; rethrows anything else.
 * @example expect((await apiError(client.get('/down'))).code).toBe('service_unavailable');
 */
export async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await rejection(promise);
  if (!isApiError(error)) throw error;
  return error;
}
