export { ApiError, type ApiErrorInit, type FieldViolation, isApiError } from './api-error.js';
export { baseEntries, ROLES, type Role } from './base-catalog.js';
export {
  baseCatalog,
  type CatalogDefinition,
  type CatalogDetails,
  codeAnchor,
  defineCatalog,
} from './catalog.js';
export { CatalogDefinitionError, type CatalogDefinitionErrorCode } from './catalog-error.js';
export type {
  Catalog,
  CatalogEntry,
  DetailsOf,
  EntryDefinition,
  ErrorArgs,
  ErrorOptions,
} from './catalog-types.js';
export {
  type BuiltinFormats,
  defineFormat,
  type EnvelopeFormat,
  type EnvelopeOptions,
  FORMAT_NAMES,
  type Format,
  type FormatDefinition,
  type FormatName,
  formats,
  type GoogleFormat,
  type GoogleOptions,
  getFormat,
  type HeadersLike,
  isFormatName,
  type JsonapiFormat,
  type JsonapiOptions,
  type JsonSchemaObject,
  type LaravelFormat,
  type LaravelOptions,
  type MemberOption,
  type MessageFormat,
  type MessageOptions,
  type NegotiateOptions,
  negotiateFormat,
  type ParseInput,
  type ProblemFormat,
  type ProblemOptions,
  type RenderContext,
  type RenderedError,
  type SchemaEntry,
  type ShapeInput,
  type StripeFormat,
  type StripeOptions,
  type SuccessFormat,
  type SuccessOptions,
  type WireGuide,
} from './formats/index.js';
export { type ParseOptions, parseErrorBody } from './parse/index.js';
export { type RenderOptions, renderError, toApiError } from './render.js';
export type { StandardSchemaV1 } from './standard-schema.js';
export {
  codeForStatus,
  defaultExpose,
  defaultRetryable,
  grpcStatusName,
  isErrorStatus,
  statusPhrase,
} from './status.js';
