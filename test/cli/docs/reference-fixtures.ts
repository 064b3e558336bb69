/**
 * One catalog per reference layout (`defineCatalog({ reference })`), in our own words: a status
 * table with 2xx rows and per-code examples, category tables with a reported-codes table, one
 * table with a special problem type, one section per code, tables by status class; plus a
 * catalog of hostile text and one with a custom format.
 */
import { z } from 'zod';
import { ApiError } from '../../../src/api-error.js';
import { defineCatalog } from '../../../src/catalog.js';
import { defineFormat, formats } from '../../../src/formats/index.js';

/** Plain `{ message }` bodies: statuses with 2xx rows, example bodies, retries by status. */
export const statusCatalog = defineCatalog({
  format: formats.message,
  errors: {
    bad_input: {
      status: 400,
      title: 'Bad input',
      category: 'validation',
      description: 'A field broke its rule.',
      examples: [{ title: 'Empty name', message: 'name: must not be empty' }],
    },
    token_invalid: {
      status: 401,
      title: 'Token invalid',
      category: 'authentication',
      description: 'The token is unknown.',
      examples: [{ message: 'Unknown token' }],
    },
    boom: { status: 500, title: 'Boom', category: 'server', retryable: true },
  },
  reference: {
    title: 'Errors',
    intro: ['Each failure has a status and a `message`.'],
    sections: [
      {
        kind: 'format',
        title: 'Body',
        message: 'What failed, for people',
        outro: ['Always a string.'],
      },
      {
        kind: 'statuses',
        columns: [
          'status',
          { column: 'phrase', header: 'Meaning' },
          { column: 'description', header: 'When' },
        ],
        extraStatuses: [
          { status: 201, description: 'Stored.' },
          { status: 200, description: 'Worked.' },
        ],
      },
      { kind: 'examples', title: 'Example bodies', codes: ['bad_input', 'token_invalid'] },
      { kind: 'retries', advice: false, outro: ['Double the wait each time.'] },
    ],
  },
});

/** The error envelope: category tables in catalog order, a reported table, headers as lists. */
export const tablesCatalog = defineCatalog({
  format: formats.envelope.with({ members: { request_id: 'requestId' } }),
  errors: {
    token_expired: {
      status: 401,
      title: 'Token expired',
      category: 'auth',
      description: 'Past its `exp`.',
    },
    item_not_found: {
      status: 404,
      title: 'Item not found',
      category: 'not_found',
      description: 'No item there.',
      details: z.object({ path: z.string() }),
      message: (d: { path: string }) => `Item '${d.path}' not found`,
    },
    hook_failed: {
      status: 502,
      title: 'Hook failed',
      category: 'webhook',
      description: 'The endpoint answered non-2xx.',
      reported: true,
    },
    hook_timeout: {
      status: 504,
      title: 'Hook timeout',
      category: 'webhook',
      description: 'No answer in 10 s.',
      reported: true,
    },
  },
  reference: {
    title: 'Error codes',
    sections: [
      {
        kind: 'format',
        title: 'Envelope',
        code: 'item_not_found',
        details: { path: 'a/b' },
        requestId: 'req_abc',
      },
      {
        kind: 'codes',
        title: '',
        categories: ['auth', 'not_found', 'rate_limit'],
        groups: {
          auth: { title: 'Authentication / authorization' },
          not_found: { columns: ['status', 'code'] },
        },
      },
      {
        kind: 'codes',
        title: 'Webhook delivery',
        reported: true,
        group: 'none',
        columns: [
          { column: 'status', header: 'HTTP (reported)' },
          'code',
          { column: 'description', header: 'Meaning' },
        ],
      },
      {
        kind: 'headers',
        include: ['request-id', 'rate-limit', 'retry-after'],
        layout: 'list',
        rateLimitOn: 'every-response',
      },
      { kind: 'prose', title: 'Related', items: ['[Errors](../errors): the semantics.'] },
    ],
  },
});

/** Problem details with four members: one table, and a section on the code with its own type. */
export const problemCatalog = defineCatalog({
  format: formats.problem.with({
    members: { instance: false, code: false, request_id: false, errors: false, details: false },
    type: 'about:blank',
  }),
  errors: {
    forbidden: { status: 403, title: 'Forbidden', category: 'auth', description: 'No grant.' },
    limit_reached: {
      status: 403,
      title: 'Limit Reached',
      category: 'auth',
      type: 'limit_reached',
      description: 'The plan allows no more.',
      message: 'Limit reached (3/3).',
    },
  },
  reference: {
    sections: [
      {
        kind: 'codes',
        title: 'Statuses',
        group: 'none',
        codes: ['forbidden', 'limit_reached', 'not_found'],
        columns: [
          { column: 'status', header: 'Code' },
          'title',
          { column: 'description', header: 'When' },
        ],
      },
      { kind: 'format', title: 'Example', code: 'forbidden', message: 'Not yours' },
      { kind: 'format', title: 'Limits', code: 'limit_reached', intro: ['A `type` of its own:'] },
    ],
  },
});

/** `{ success: false }` envelopes: one section per code, a status summary, debugging tips. */
export const entriesCatalog = defineCatalog({
  format: formats.success,
  errors: {
    UNAUTHORIZED: {
      status: 401,
      title: 'Unauthorized',
      message: 'Missing or bad key',
      causes: ['No header', 'Revoked key'],
      resolution: ['Send `Authorization`'],
    },
    VALIDATION_ERROR: {
      status: 400,
      title: 'Invalid',
      message: 'Invalid body',
      causes: ['A field is missing'],
      examples: [
        {
          title: 'No title',
          message: 'title is required',
          fields: [{ path: ['title'], message: 'title is required' }],
        },
        { message: 'email is not valid', fields: [{ path: ['email'], message: 'not valid' }] },
      ],
    },
  },
  roles: { invalid_request: 'VALIDATION_ERROR', validation_error: 'VALIDATION_ERROR' },
  reference: {
    title: 'Reference',
    sections: [
      {
        kind: 'codes',
        title: 'Codes',
        layout: 'entries',
        codes: ['UNAUTHORIZED', 'VALIDATION_ERROR'],
        parts: ['message', 'causes', 'resolution', 'examples'],
        labels: { examples: 'Example errors' },
        pointer: '/error',
      },
      {
        kind: 'statuses',
        title: 'Summary',
        columns: [
          'status',
          { column: 'phrase', header: 'Code' },
          { column: 'codes', header: 'Description' },
        ],
        extraStatuses: [{ status: 204, description: 'No body' }],
      },
      {
        kind: 'prose',
        title: 'Debugging',
        paragraphs: ['Keep these in mind:'],
        items: ['Log the `requestId`'],
      },
    ],
  },
});

/** Laravel bodies: tables by status class, 5xx with its own columns, a 422 sample. */
export const classCatalog = defineCatalog({
  format: formats.laravel,
  errors: {
    validation_error: {
      status: 422,
      title: 'Unprocessable',
      category: 'validation',
      description: 'Values failed validation.',
      message: 'The data was invalid.',
      causes: ['A missing field', 'A wrong type'],
    },
    bad_gateway: {
      status: 502,
      title: 'Bad gateway',
      description: 'Upstream failed.',
      resolution: ['Retry after a pause'],
    },
  },
  reference: {
    sections: [
      {
        kind: 'codes',
        title: 'HTTP status codes',
        group: 'status-class',
        order: 'status',
        codes: ['not_found', 'validation_error', 'internal_error', 'bad_gateway'],
        columns: [
          { column: 'status', header: 'Code' },
          { column: 'phrase', header: 'Name' },
          'description',
          { column: 'causes', header: 'Common Causes' },
        ],
        groups: {
          '5xx': {
            title: 'Server errors',
            columns: [
              { column: 'status', header: 'Code' },
              { column: 'phrase', header: 'Name' },
              'description',
              { column: 'resolution', header: 'What To Do' },
            ],
          },
        },
      },
      {
        kind: 'format',
        title: 'Validation errors',
        code: 'validation_error',
        fields: [
          { path: ['email'], message: 'The email is required.' },
          { path: ['email'], message: 'The email must be valid.' },
        ],
      },
    ],
  },
});

const HOSTILE = '<script>alert(1)</script>';

/** Hostile text in every place a page takes text from. */
export const hostileCatalog = defineCatalog({
  errors: {
    evil: {
      status: 400,
      title: `Evil ${HOSTILE}`,
      category: `cat ${HOSTILE}`,
      description: `desc ${HOSTILE} [x](javascript:alert(2))`,
      message: `msg ${HOSTILE}`,
      causes: [`cause ${HOSTILE}`],
      resolution: [`fix <img src=x onerror=alert(3)>`],
      examples: [{ title: `ex ${HOSTILE}`, message: `body ${HOSTILE}` }],
    },
  },
  reference: {
    title: `Page ${HOSTILE}`,
    intro: [`intro ${HOSTILE}`],
    contents: true,
    sections: [
      { kind: 'format', title: `t ${HOSTILE}`, message: HOSTILE },
      {
        kind: 'codes',
        groups: { [`cat ${HOSTILE}`]: { title: `g ${HOSTILE}`, intro: [`gi ${HOSTILE}`] } },
        columns: [
          { column: 'code', header: `h ${HOSTILE}` },
          'title',
          'description',
          'causes',
          'resolution',
        ],
      },
      { kind: 'codes', title: `e ${HOSTILE}`, layout: 'entries' },
      { kind: 'statuses', extraStatuses: [{ status: 200, description: `ok ${HOSTILE}` }] },
      { kind: 'examples' },
      {
        kind: 'prose',
        title: `p ${HOSTILE}`,
        paragraphs: [`pp ${HOSTILE}`],
        items: [`[y](javascript:alert(5))`],
      },
    ],
  },
});

/** A team's own format (`{ fault, text }`), documented from its guide. */
export const acmeFormat = defineFormat({
  name: 'acme',
  contentType: 'application/vnd.acme+json',
  render: (error, context) => ({
    status: error.status,
    headers: {
      'content-type': 'application/vnd.acme+json',
      'x-request-id': context?.requestId ?? '',
    },
    body: JSON.stringify({ fault: error.code, text: error.message }),
  }),
  parse: (input) => {
    const json = input.json as { fault?: unknown } | undefined;
    return typeof json?.fault === 'string'
      ? new ApiError({ status: input.status, code: json.fault })
      : undefined;
  },
  schema: () => ({ type: 'object', required: ['fault', 'text'] }),
  guide: {
    summary: 'an object with `fault` and `text`',
    code: '`fault`',
    message: '`text`',
    fields: 'folded into `text`',
    details: 'not sent',
    requestId: 'only the `X-Request-ID` header',
    carriesCode: true,
  },
});

/** The standard page in the custom format (no reference), and with a reference. */
export const acmeCatalog = defineCatalog({
  format: acmeFormat,
  errors: { gizmo_missing: { status: 404, title: 'Gizmo missing', category: 'not_found' } },
});
