import type { FormatName } from '../../formats/types.js';
import type { JsonSchema } from '../shared/json-schema.js';
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
  type WireSpec,
  wireValues,
} from './union.js';
import { googleSpec } from './wire-google.js';
import { laravelSpec, messageSpec, nestedCode, stripeSpec, successSpec } from './wire-plain.js';

const same = (code: string) => code;

/** A validation failure's violations: one object per invalid field, with these members. */
function violations(members: JsonSchema, description: string): JsonSchema {
  return {
    type: 'array',
    minItems: 1,
    description,
    items: {
      type: 'object',
      required: Object.keys(members),
      properties: { ...members, code: text('A stable code for the violation, when it has one.') },
    },
  };
}

/** Whether errata's validation failures (which carry `fields`) use this code. */
const validates = (info: CodeInfo) => info.entry.roles.includes('validation_error');

/**
 * Members a problem body has besides the details: problem.ts drops details members with these
 * names (it does not export the list, so it is repeated here).
 */
const PROBLEM_MEMBERS = new Set(
  'type title status detail instance code request_id errors details doc_url retry_after'.split(' '),
);

const problem: WireSpec = {
  reserved: [],
  carriesCode: true,
  carriesDetails: true,
  schemas: (ctx) => ({
    Error: {
      type: 'object',
      description:
        'An error as RFC 9457 problem details (`application/problem+json`). Object details are extension members of the body; details of any other type are its `details` member.',
      required: ['type', 'title', 'status', 'detail', 'code'],
      properties: {
        type: {
          type: 'string',
          format: 'uri-reference',
          description:
            "The problem type: the catalog's `typeBase` and the code, or the code's own type; `about:blank` when there is none.",
        },
        title: text(
          'The same for every occurrence of the code (the status phrase when the type is `about:blank`).',
        ),
        status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status.' },
        detail: MESSAGE,
        instance: { type: 'string', format: 'uri-reference', description: 'This occurrence.' },
        code: CODE,
        request_id: REQUEST_ID,
        errors: violations(
          {
            detail: text('What is wrong with the value.'),
            pointer: {
              type: 'string',
              pattern: '^#',
              description:
                'The invalid field: a JSON Pointer into the request body as a URI fragment (`#/items/0/qty`).',
            },
          },
          'The invalid fields of a validation failure.',
        ),
        details: { description: 'Details that are not a JSON object.' },
      },
      ...codeUnion(ctx, 'code', same, (info) =>
        info.kind === 'object'
          ? membersOf(info, PROBLEM_MEMBERS)
          : info.kind === 'value'
            ? { properties: { details: ref(info.detailsName) } }
            : undefined,
      ),
    },
  }),
  narrow: (status, codes) => ({
    properties: { status: { const: status }, code: oneOrMany(wireValues(codes)) },
  }),
};

const envelope: WireSpec = {
  reserved: [],
  carriesCode: true,
  carriesDetails: true,
  schemas: (ctx) => ({
    Error: {
      type: 'object',
      description: 'An error in an `error` envelope.',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: CODE,
            message: MESSAGE,
            details: {
              description:
                "The code's details (its `…Details` schema). A validation failure lists the invalid fields in `fields`.",
              properties: {
                fields: violations(
                  {
                    field: text('The dotted path of the invalid field (`items.0.qty`).'),
                    message: text('What is wrong with the value.'),
                  },
                  'The invalid fields of a validation failure.',
                ),
              },
            },
            request_id: REQUEST_ID,
            doc_url: DOC_URL,
          },
          ...codeUnion(ctx, 'code', same, (info) => {
            // A validation failure's `fields` join object details; other details are as sent.
            if (!validates(info)) return { properties: { details: ref(info.detailsName) } };
            const members = membersOf(info, new Set(['fields']));
            return members === undefined ? undefined : { properties: { details: members } };
          }),
        },
      },
    },
  }),
  narrow: nestedCode,
};

const jsonapi: WireSpec = {
  reserved: [],
  carriesCode: true,
  carriesDetails: true,
  schemas: (ctx) => ({
    Error: {
      type: 'object',
      description:
        "A JSON:API error document: one error object per invalid field, else one. The code's details are each error object's `meta`.",
      required: ['errors'],
      properties: {
        errors: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['status', 'code', 'title', 'detail'],
            properties: {
              status: {
                type: 'string',
                pattern: '^[45][0-9]{2}$',
                description: 'The HTTP status.',
              },
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
              meta: {
                type: 'object',
                description:
                  "The code's details (details that are not an object are its `details` member); `violation` is the invalid field's violation code.",
                properties: { violation: text('The violation code of the invalid field.') },
              },
              links: { type: 'object', required: ['type'], properties: { type: DOC_URL } },
            },
            ...codeUnion(ctx, 'code', same, (info) => {
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
            }),
          },
        },
        meta: { type: 'object', properties: { request_id: REQUEST_ID } },
      },
    },
  }),
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

/**
 * How each wire format's error body is described in OpenAPI.
 * @example WIRE_SPECS.problem.carriesDetails // true
 */
export const WIRE_SPECS: Readonly<Record<FormatName, WireSpec>> = {
  problem,
  envelope,
  message: messageSpec,
  success: successSpec,
  laravel: laravelSpec,
  google: googleSpec,
  jsonapi,
  stripe: stripeSpec,
};
