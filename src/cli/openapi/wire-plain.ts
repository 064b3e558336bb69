import type { JsonSchema } from '../shared/json-schema.js';
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

/** `{ message }`: neither code nor details. @example messageSpec.carriesCode // false */
export const messageSpec: WireSpec = {
  reserved: [],
  carriesCode: false,
  carriesDetails: false,
  schemas: () => ({
    Error: {
      type: 'object',
      description:
        'An error as a single message. The body carries neither the code nor details: clients branch on the status. A validation failure folds its invalid fields into the message (`name: must not be empty; items.0.qty: must be positive`).',
      required: ['message'],
      properties: { message: MESSAGE },
    },
  }),
  narrow: () => undefined,
};

/** `{ success: false, error, meta }`. @example successSpec.carriesDetails // false */
export const successSpec: WireSpec = {
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
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: CODE,
            message: MESSAGE,
            field: text(
              "The dotted path of the first invalid field (`items.0.qty`); `message` is that field's problem.",
            ),
            retryAfter: {
              type: 'integer',
              minimum: 0,
              description: 'On 429: seconds to wait before retrying, as in `Retry-After`.',
            },
          },
        },
        meta: {
          type: 'object',
          required: ['timestamp'],
          properties: {
            requestId: REQUEST_ID,
            timestamp: { type: 'string', format: 'date-time', description: 'When it happened.' },
          },
        },
      },
    },
  }),
  narrow: (status, codes) => {
    const error: JsonSchema = { properties: { code: oneOrMany(wireValues(codes)) } };
    // The renderer always says when to come back on a 429.
    if (status === 429) error.required = ['retryAfter'];
    return { properties: { error } };
  },
};

/** `{ message, errors }`. @example laravelSpec.carriesCode // false */
export const laravelSpec: WireSpec = {
  reserved: [],
  carriesCode: false,
  carriesDetails: false,
  schemas: () => ({
    Error: {
      type: 'object',
      description:
        "An error in Laravel's shape: a `message`, and for a validation failure an `errors` map of invalid fields. The body carries neither the code nor details: clients branch on the status.",
      required: ['message'],
      properties: {
        message: MESSAGE,
        errors: {
          type: 'object',
          description: "Each invalid field's dotted path (`items.0.qty`) with its problems.",
          additionalProperties: { type: 'array', minItems: 1, items: { type: 'string' } },
        },
      },
    },
  }),
  narrow: () => undefined,
};

/** `{ error: { type, code, message, param, doc_url } }`. @example stripeSpec.carriesCode // true */
export const stripeSpec: WireSpec = {
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
        error: {
          type: 'object',
          required: ['type', 'code', 'message'],
          properties: {
            type: {
              type: 'string',
              enum: ['invalid_request_error', 'idempotency_error', 'api_error'],
              description:
                'Groups codes: `api_error` for server errors (500 and up), `idempotency_error` for codes about idempotency, else `invalid_request_error`.',
            },
            code: CODE,
            message: MESSAGE,
            param: text('The first invalid parameter, in bracket notation (`items[0][qty]`).'),
            doc_url: DOC_URL,
          },
        },
      },
    },
  }),
  narrow: nestedCode,
};
