import { RESERVED } from '../../formats/problem-parse.js';
import type { JsonSchema } from '../shared/json-schema.js';
import type { MemberNames } from '../shared/wire-members.js';
import { type CodeInfo, membersOf } from './details.js';
import {
  CODE,
  codeUnion,
  MESSAGE,
  oneOrMany,
  REQUEST_ID,
  ref,
  text,
  violations,
  type WireSpec,
  wireValues,
} from './union.js';

const TYPE_TEXT: Readonly<Record<string, string>> = {
  uri: "The problem type: the catalog's `typeBase` and the code, or the code's own type; `about:blank` when there is none.",
  'about:blank':
    "`about:blank`, unless the code has a type of its own (then that URI): branch on the status, or on the code's own type.",
  code: 'The code itself: branch on it.',
};

/** The problem `type` each code's bodies carry (computed by rendering, see `wireType`). */
const typeOf = (info: CodeInfo) => info.type;

/**
 * RFC 9457 problem details under the format's options: members renamed or left out, the `type`
 * strategy. The code union hangs on the `code` member, else on `type` when every code has a type
 * of its own (`type: 'code'`, or a typeBase), else there is none: clients branch on the status.
 * @example problemSpec(membersOf('problem', defaultNames('problem')), 'uri', codes)
 */
export function problemSpec(
  n: MemberNames<'problem'>,
  strategy: string | false,
  codes: readonly CodeInfo[],
): WireSpec {
  const types = codes.map(typeOf);
  const typed =
    types.length > 0 && new Set(types).size === types.length && !types.includes('about:blank');
  const key = n.code !== false ? n.code : typed ? 'type' : undefined;
  const reserved = new Set(RESERVED);
  for (const name of Object.values(n)) if (name !== false) reserved.add(name);
  const carriesDetails = n.details !== false;
  const spec: WireSpec = {
    reserved: [],
    carriesCode: key !== undefined,
    carriesDetails,
    schemas: (ctx) => {
      const properties: JsonSchema = {
        type: {
          type: 'string',
          format: 'uri-reference',
          description: TYPE_TEXT[String(strategy)] ?? TYPE_TEXT.uri ?? '',
        },
        title: text(
          'The same for every occurrence of the code (the status phrase when the type is `about:blank`).',
        ),
        status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status.' },
        detail: MESSAGE,
      };
      if (n.instance !== false) {
        properties[n.instance] = {
          type: 'string',
          format: 'uri-reference',
          description: 'This occurrence.',
        };
      }
      if (n.code !== false) properties[n.code] = CODE;
      if (n.request_id !== false) properties[n.request_id] = REQUEST_ID;
      if (n.retry_after !== false) {
        properties[n.retry_after] = {
          type: 'integer',
          minimum: 0,
          description: 'On 429 and 503: seconds to wait before retrying, as in `Retry-After`.',
        };
      }
      if (n.errors !== false) {
        properties[n.errors] = violations(
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
        );
      }
      if (n.details !== false) {
        properties[n.details] = { description: 'Details that are not a JSON object.' };
      }
      const details = n.details;
      const union =
        key === undefined || details === false
          ? {}
          : codeUnion(
              ctx,
              key,
              (code) => wireOf(codes, code, key),
              (info) =>
                info.kind === 'object'
                  ? membersOf(info, reserved)
                  : info.kind === 'value'
                    ? { properties: { [details]: ref(info.detailsName) } }
                    : undefined,
            );
      return {
        Error: {
          type: 'object',
          description: describe(n),
          required: ['type', 'title', 'status', 'detail', ...(n.code === false ? [] : [n.code])],
          properties,
          ...union,
        },
      };
    },
    narrow: (status, group) => {
      const properties: JsonSchema = { status: { const: status } };
      if (n.code !== false) properties[n.code] = oneOrMany(wireValues(group));
      else properties.type = oneOrMany([...new Set(group.map(typeOf))]);
      const narrowed: JsonSchema = { properties };
      // The renderer always says when to come back on a 429 or 503.
      if (n.retry_after !== false && (status === 429 || status === 503)) {
        narrowed.required = [n.retry_after];
      }
      return narrowed;
    },
  };
  if (n.code === false && key === undefined && types.some((type) => type !== 'about:blank')) {
    spec.codeNote =
      'The body carries no `code` member; a code with a problem type of its own can be told by `type`.';
  }
  if (n.code === false && key === 'type') {
    spec.codeNote =
      strategy === 'code'
        ? 'The body carries the code as its `type`.'
        : 'The body carries no `code` member: each code has its own problem `type`, which clients branch on.';
  }
  return spec;
}

/** The value of the union's member for a code: the code, or its problem type. */
function wireOf(codes: readonly CodeInfo[], code: string, key: string): string {
  if (key !== 'type') return code;
  return codes.find((info) => info.entry.code === code)?.type ?? code;
}

function describe(n: MemberNames<'problem'>): string {
  const parts = ['An error as RFC 9457 problem details (`application/problem+json`).'];
  if (n.details === false) parts.push('The body carries no details.');
  else {
    parts.push(
      `Object details are extension members of the body; details of any other type are its \`${n.details}\` member.`,
    );
  }
  return parts.join(' ');
}
