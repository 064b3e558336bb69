import type { JsonSchema } from '../shared/json-schema.js';
import type { MemberNames } from '../shared/wire-members.js';
import { type CodeInfo, membersOf } from './details.js';
import {
  CODE,
  codeUnion,
  DOC_URL,
  MESSAGE,
  oneOrMany,
  REQUEST_ID,
  ref,
  text,
  violations,
  type WireSpec,
  wireValues,
} from './union.js';

const same = (code: string) => code;

/** Whether errata's validation failures (which carry `fields`) use this code. */
const validates = (info: CodeInfo) => info.entry.roles.includes('validation_error');

const RETRY_AFTER: JsonSchema = {
  type: 'integer',
  minimum: 0,
  description: 'On 429 and 503: seconds to wait before retrying, as in `Retry-After`.',
};

/**
 * `{ error: { code, message, details, request_id, doc_url } }` under the format's options.
 * @example envelopeSpec(membersOf('envelope', resolvedNames('envelope', catalog.format)))
 */
export function envelopeSpec(n: MemberNames<'envelope'>): WireSpec {
  return {
    reserved: [],
    carriesCode: n.code !== false,
    carriesDetails: n.details !== false,
    schemas: (ctx) => {
      const properties: JsonSchema = {};
      if (n.code !== false) properties[n.code] = CODE;
      properties.message = MESSAGE;
      if (n.details !== false) {
        const fields =
          n.fields === false
            ? ''
            : ` A validation failure lists the invalid fields in \`${n.fields}\`.`;
        properties[n.details] = {
          description: `The code's details (its \`…Details\` schema).${fields}`,
          ...(n.fields === false
            ? {}
            : {
                properties: {
                  [n.fields]: violations(
                    {
                      field: text('The dotted path of the invalid field (`items.0.qty`).'),
                      message: text('What is wrong with the value.'),
                    },
                    'The invalid fields of a validation failure.',
                  ),
                },
              }),
        };
      }
      if (n.request_id !== false) properties[n.request_id] = REQUEST_ID;
      if (n.doc_url !== false) properties[n.doc_url] = DOC_URL;
      if (n.retry_after !== false) properties[n.retry_after] = RETRY_AFTER;
      const { code, details, fields } = n;
      const union =
        code === false || details === false
          ? {}
          : codeUnion(ctx, code, same, (info) => {
              // A validation failure's `fields` join object details; other details are as sent.
              if (!validates(info) || fields === false) {
                return { properties: { [details]: ref(info.detailsName) } };
              }
              const members = membersOf(info, new Set([fields]));
              return members === undefined ? undefined : { properties: { [details]: members } };
            });
      return {
        Error: {
          type: 'object',
          description: 'An error in an `error` envelope.',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: [...(code === false ? [] : [code]), 'message'],
              properties,
              ...union,
            },
          },
        },
      };
    },
    narrow: (status, codes) => {
      const error: JsonSchema = {};
      if (n.code !== false) error.properties = { [n.code]: oneOrMany(wireValues(codes)) };
      // The renderer always says when to come back on a 429 or 503.
      if (n.retry_after !== false && (status === 429 || status === 503)) {
        error.required = [n.retry_after];
      }
      return Object.keys(error).length === 0 ? undefined : { properties: { error } };
    },
  };
}

/**
 * JSON:API error documents under the format's options (`meta.request_id` renamed or left out,
 * error objects' `meta` and `links` left out).
 * @example jsonapiSpec(membersOf('jsonapi', defaultNames('jsonapi')))
 */
export function jsonapiSpec(n: MemberNames<'jsonapi'>): WireSpec {
  return {
    reserved: [],
    carriesCode: true,
    carriesDetails: n.meta !== false,
    schemas: (ctx) => {
      const item: JsonSchema = {
        status: { type: 'string', pattern: '^[45][0-9]{2}$', description: 'The HTTP status.' },
        code: CODE,
        title: text('The same for every occurrence of the code.'),
        detail: text(`${MESSAGE.description} For an invalid field, what is wrong with it.`),
        source: {
          type: 'object',
          required: ['pointer'],
          properties: {
            pointer: {
              type: 'string',
              format: 'json-pointer',
              description: 'The invalid field: a JSON Pointer into the request document.',
            },
          },
        },
      };
      if (n.meta !== false) {
        item.meta = {
          type: 'object',
          description:
            "The code's details (details that are not an object are its `details` member); `violation` is the invalid field's violation code.",
          properties: { violation: text('The violation code of the invalid field.') },
        };
      }
      if (n.links !== false) {
        item.links = { type: 'object', required: ['type'], properties: { type: DOC_URL } };
      }
      const union =
        n.meta === false
          ? {}
          : codeUnion(ctx, 'code', same, (info) => {
              if (info.kind === 'value') {
                const meta = {
                  required: ['details'],
                  properties: { details: ref(info.detailsName) },
                };
                return { properties: { meta } };
              }
              if (info.kind !== 'object') return undefined;
              if (!validates(info)) return { properties: { meta: ref(info.detailsName) } };
              const members = membersOf(info, new Set(['violation']));
              return members === undefined ? undefined : { properties: { meta: members } };
            });
      const properties: JsonSchema = {
        errors: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['status', 'code', 'title', 'detail'],
            properties: item,
            ...union,
          },
        },
      };
      if (n.request_id !== false) {
        properties.meta = { type: 'object', properties: { [n.request_id]: REQUEST_ID } };
      }
      return {
        Error: {
          type: 'object',
          description:
            n.meta === false
              ? 'A JSON:API error document: one error object per invalid field, else one. The body carries no details.'
              : "A JSON:API error document: one error object per invalid field, else one. The code's details are each error object's `meta`.",
          required: ['errors'],
          properties,
        },
      };
    },
    narrow: (status, codes) => ({
      properties: {
        errors: {
          items: {
            properties: { status: { const: String(status) }, code: oneOrMany(wireValues(codes)) },
          },
        },
      },
    }),
  };
}
