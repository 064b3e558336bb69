import type { JsonSchema } from '../shared/json-schema.js';
import type { MemberNames } from '../shared/wire-members.js';
import type { CodeInfo } from './details.js';
import {
  CODE,
  DOC_URL,
  MESSAGE,
  oneOrMany,
  REQUEST_ID,
  text,
  type WireSpec,
  wireValues,
} from './union.js';

/** Narrowing for formats whose code is `error.code`. */
export const nestedCode = (_status: number, codes: readonly CodeInfo[]): JsonSchema => ({
  properties: { error: { properties: { code: oneOrMany(wireValues(codes)) } } },
});

/** A member's configured name (these formats never leave these members out). */
const named = (n: Readonly<Record<string, string | false>>, key: string): string => {
  const name = n[key];
  return typeof name === 'string' ? name : key;
};

/**
 * `{ message }`: neither code nor details.
 * @example messageSpec(membersOf('message', defaultNames('message'))).carriesCode // false
 */
export function messageSpec(n: MemberNames<'message'>): WireSpec {
  const message = named(n, 'message');
  return {
    reserved: [],
    carriesCode: false,
    carriesDetails: false,
    schemas: () => ({
      Error: {
        type: 'object',
        description: `An error as a single message${message === 'message' ? '' : ` in \`${message}\``}. The body carries neither the code nor details: clients branch on the status. A validation failure folds its invalid fields into the message (\`name: must not be empty; items.0.qty: must be positive\`).`,
        required: [message],
        properties: { [message]: MESSAGE },
      },
    }),
    narrow: () => undefined,
  };
}

/** An ISO 8601 timestamp in whole seconds: `2025-12-14T10:30:00Z`. */
const SECONDS = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$';

/**
 * `{ success: false, error, meta }` under the format's options (members renamed or left out,
 * timestamp precision).
 * @example successSpec(membersOf('success', defaultNames('success')), 'milliseconds').carriesDetails // false
 */
export function successSpec(n: MemberNames<'success'>, precision: string | false): WireSpec {
  const error: JsonSchema = { code: CODE, message: MESSAGE };
  if (n.field !== false) {
    error[n.field] = text(
      "The dotted path of the first invalid field (`items.0.qty`); `message` is that field's problem.",
    );
  }
  if (n.retryAfter !== false) {
    error[n.retryAfter] = {
      type: 'integer',
      minimum: 0,
      description: 'On 429: seconds to wait before retrying, as in `Retry-After`.',
    };
  }
  const meta: JsonSchema = {};
  if (n.requestId !== false) meta[n.requestId] = REQUEST_ID;
  if (n.timestamp !== false && precision !== false) {
    meta[n.timestamp] =
      precision === 'seconds'
        ? {
            type: 'string',
            format: 'date-time',
            pattern: SECONDS,
            description: 'When it happened, in whole seconds.',
          }
        : { type: 'string', format: 'date-time', description: 'When it happened.' };
  }
  const stamp = n.timestamp !== false && precision !== false ? [n.timestamp] : [];
  return {
    reserved: [],
    carriesCode: true,
    carriesDetails: false,
    schemas: () => ({
      Error: {
        type: 'object',
        description:
          'An error with `success: false`. The body carries no details, and of a validation failure only the first invalid field.',
        required: ['success', 'error', 'meta'],
        properties: {
          success: { type: 'boolean', const: false },
          error: { type: 'object', required: ['code', 'message'], properties: error },
          meta:
            stamp.length === 0
              ? { type: 'object', properties: meta }
              : { type: 'object', required: stamp, properties: meta },
        },
      },
    }),
    narrow: (status, codes) => {
      const narrowed: JsonSchema = { properties: { code: oneOrMany(wireValues(codes)) } };
      // The renderer always says when to come back on a 429.
      if (status === 429 && n.retryAfter !== false) narrowed.required = [n.retryAfter];
      return { properties: { error: narrowed } };
    },
  };
}

/**
 * `{ message, errors }` under the format's options (both members renamed).
 * @example laravelSpec(membersOf('laravel', defaultNames('laravel'))).carriesCode // false
 */
export function laravelSpec(n: MemberNames<'laravel'>): WireSpec {
  const message = named(n, 'message');
  const errors = named(n, 'errors');
  return {
    reserved: [],
    carriesCode: false,
    carriesDetails: false,
    schemas: () => ({
      Error: {
        type: 'object',
        description: `An error in Laravel's shape: a \`${message}\`, and for a validation failure an \`${errors}\` map of invalid fields. The body carries neither the code nor details: clients branch on the status.`,
        required: [message],
        properties: {
          [message]: MESSAGE,
          [errors]: {
            type: 'object',
            description: "Each invalid field's dotted path (`items.0.qty`) with its problems.",
            additionalProperties: { type: 'array', minItems: 1, items: { type: 'string' } },
          },
        },
      },
    }),
    narrow: () => undefined,
  };
}

/**
 * `{ error: { type, code, message, param, doc_url } }` under the format's options.
 * @example stripeSpec(membersOf('stripe', defaultNames('stripe'))).carriesCode // true
 */
export function stripeSpec(n: MemberNames<'stripe'>): WireSpec {
  const error: JsonSchema = {
    type: {
      type: 'string',
      enum: ['invalid_request_error', 'idempotency_error', 'api_error'],
      description:
        'Groups codes: `api_error` for server errors (500 and up), `idempotency_error` for codes about idempotency, else `invalid_request_error`.',
    },
    code: CODE,
    message: MESSAGE,
  };
  if (n.param !== false) {
    error[n.param] = text('The first invalid parameter, in bracket notation (`items[0][qty]`).');
  }
  if (n.doc_url !== false) error[n.doc_url] = DOC_URL;
  return {
    reserved: [],
    carriesCode: true,
    carriesDetails: false,
    schemas: () => ({
      Error: {
        type: 'object',
        description:
          "An error in Stripe's shape. The body carries no details, and of a validation failure only the first invalid parameter.",
        required: ['error'],
        properties: {
          error: { type: 'object', required: ['type', 'code', 'message'], properties: error },
        },
      },
    }),
    narrow: nestedCode,
  };
}
