export { ApiError, type ApiErrorInit, isApiError } from '../api-error.js';
export {
  RetryBudget,
  type RetryBudgetOptions,
  type RetryReason,
  type RetryToken,
} from './budget.js';
export {
  Client,
  type ClientOptions,
  createClient,
  type FetchLike,
  type JsonRequestOptions,
  type RequestOptions,
} from './client.js';
export { classifyFetchError, type NetworkErrorKind, networkError } from './network-error.js';
export { type ParseErrorOptions, parseError } from './parse-error.js';
export type { RedirectPolicy } from './redirect.js';
export type { ClientResponse } from './replayed.js';
export type { ResponseErrorCode } from './response-error.js';
export type { RetryEvent, RetryOptions } from './retry-options.js';
