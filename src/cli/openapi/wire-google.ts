import { upperSnake } from '../../code-case.js';
import { grpcStatusName } from '../../status.js';
import { isSchema, type JsonSchema, type JsonValue } from '../shared/json-schema.js';
import type { MemberNames } from '../shared/wire-members.js';
import type { CodeInfo } from './details.js';
import {
  codeUnion,
  DOC_URL,
  MESSAGE,
  oneOrMany,
  REQUEST_ID,
  ref,
  text,
  type WireSpec,
  wireValues,
} from './union.js';

const T = 'type.googleapis.com/google.rpc.';
const PARTS = [
  'ErrorInfo',
  'LocalizedMessage',
  'BadRequest',
  'RetryInfo',
  'RequestInfo',
  'Help',
] as const;

/** When each detail entry besides ErrorInfo is sent, for the body's description. */
const PART_TEXT: Readonly<Record<string, string>> = {
  LocalizedMessage: '`LocalizedMessage` with the message and the language it is in',
  BadRequest: '`BadRequest` for invalid fields',
  RetryInfo: '`RetryInfo` on 429 and 503',
  RequestInfo: '`RequestInfo` with the request id',
  Help: "`Help` with the code's documentation",
};

/** An entry of `error.details`: its `@type` and members, all of them required. */
function part(name: string, description: string, properties: JsonSchema): JsonSchema {
  return {
    type: 'object',
    description,
    required: ['@type', ...Object.keys(properties)],
    properties: { '@type': { type: 'string', const: `${T}${name}` }, ...properties },
  };
}

/** ErrorInfo `metadata` of a code with object details: each member, as a string. */
function metadataOf(info: CodeInfo): JsonSchema | undefined {
  const details = info.details;
  if (details === undefined || info.kind !== 'object' || !isSchema(details.properties)) {
    return undefined;
  }
  const properties: JsonSchema = {};
  for (const name of Object.keys(details.properties)) properties[name] = { type: 'string' };
  if (Object.keys(properties).length === 0) return undefined;
  const required = Array.isArray(details.required) ? details.required : [];
  const metadata: JsonSchema =
    required.length === 0 ? { properties } : { properties, required: [...required] };
  return { properties: { metadata } };
}

/**
 * Google's AIP-193 error model: `{ error: { code, message, status, details: [ErrorInfo, …] } }`;
 * the code is ErrorInfo's UPPER_SNAKE `reason`, the details its string `metadata`. Detail entries
 * the options leave out (`RequestInfo`, `RetryInfo`, `Help`, `LocalizedMessage`) are neither
 * listed nor described; `LocalizedMessage` is sent only by a catalog with translations.
 * @example googleSpec(membersOf('google', defaultNames('google'))).schemas(ctx).ErrorInfo
 */
export function googleSpec(n: MemberNames<'google'>): WireSpec {
  const off = new Set(Object.keys(n).filter((key) => n[key as keyof typeof n] === false));
  return {
    reserved: PARTS,
    carriesCode: true,
    codeNote: 'The body spells each code in UPPER_SNAKE case, as the `reason` of `ErrorInfo`.',
    carriesDetails: true,
    schemas: (ctx) => {
      // The renderer adds LocalizedMessage when it localized the error: translated catalogs only.
      const translated = ctx.catalog.locales.length > 1;
      const sent = PARTS.filter(
        (name) => !off.has(name) && (name !== 'LocalizedMessage' || translated),
      );
      const statuses = [...new Set(ctx.codes.map((info) => info.entry.status))].sort(
        (a, b) => a - b,
      );
      const names = [...new Set(statuses.map(grpcStatusName))];
      const mapping: JsonSchema = {};
      for (const name of sent) mapping[`${T}${name}`] = `#/components/schemas/${name}`;
      const schemas: Record<string, JsonSchema> = {
        Error: {
          type: 'object',
          description: `An error in the AIP-193 shape of Google APIs. \`error.details\` holds an \`ErrorInfo\` (the code as its UPPER_SNAKE \`reason\`, the details as string \`metadata\`), then ${sent
            .filter((name) => name !== 'ErrorInfo')
            .map((name) => PART_TEXT[name])
            .join(', ')}.`,
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'status', 'details'],
              properties: {
                code: {
                  type: 'integer',
                  minimum: 400,
                  maximum: 599,
                  description: 'The HTTP status.',
                },
                message: MESSAGE,
                status: {
                  type: 'string',
                  enum: names,
                  description: 'The canonical name of the status (`google.rpc.Code`).',
                },
                details: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    oneOf: sent.map((name) => ref(name)),
                    discriminator: { propertyName: '@type', mapping },
                  },
                },
              },
            },
          },
        },
        ErrorInfo: {
          ...part('ErrorInfo', 'The code, its domain and its details.', {
            reason: {
              type: 'string',
              enum: wireValues(ctx.codes, upperSnake),
              description: 'The code, in UPPER_SNAKE case.',
            },
            domain: text(`The domain of the codes (\`${ctx.catalog.domain}\`).`),
            metadata: {
              type: 'object',
              description:
                "The code's details: each top-level member as a string (JSON for anything but a string).",
              additionalProperties: { type: 'string' },
            },
          }),
          ...codeUnion(ctx, 'reason', upperSnake, metadataOf),
        },
        LocalizedMessage: part(
          'LocalizedMessage',
          'The message again, with the language it is in (as in `Content-Language`).',
          {
            locale: {
              type: 'string',
              enum: [...ctx.catalog.locales],
              description: "The language of `message` (BCP 47), one of the API's locales.",
            },
            message: MESSAGE,
          },
        ),
        BadRequest: part('BadRequest', 'The invalid fields of a validation failure.', {
          fieldViolations: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['field', 'description'],
              properties: {
                field: text('The dotted path of the invalid field (`items.0.qty`).'),
                description: text('What is wrong with the value.'),
                reason: text('The violation code, in UPPER_SNAKE case.'),
              },
            },
          },
        }),
        RetryInfo: part('RetryInfo', 'When to retry (on 429 and 503).', {
          retryDelay: {
            type: 'string',
            pattern: '^[0-9]+s$',
            description: 'Seconds to wait, as in `Retry-After` (`30s`).',
          },
        }),
        RequestInfo: part('RequestInfo', 'The request this error belongs to.', {
          requestId: REQUEST_ID,
          servingData: text('Always empty.'),
        }),
        Help: part('Help', 'Where the code is documented.', {
          links: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['description', 'url'],
              properties: { description: text('The title of the code.'), url: DOC_URL },
            },
          },
        }),
      };
      for (const name of PARTS) if (!sent.includes(name)) delete schemas[name];
      return schemas;
    },
    narrow: (status, codes) => {
      const errorInfo: JsonSchema = {
        type: 'object',
        required: ['@type', 'reason'],
        properties: {
          '@type': { const: `${T}ErrorInfo` },
          reason: oneOrMany(wireValues(codes, upperSnake)),
        },
      };
      const error: JsonValue = {
        properties: {
          code: { const: status },
          status: { const: grpcStatusName(status) },
          details: { contains: errorInfo },
        },
      };
      return { properties: { error } };
    },
  };
}
