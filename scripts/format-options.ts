// The options section of each format on docs/formats.md (scripts/format-docs.ts): what
// `formats.<name>.with()` takes, and the same 404 rendered under an example of it.
import type { ApiError, Format, FormatName, RenderContext } from '../src/index.js';
import { formats } from '../src/index.js';

const OPTION_EXAMPLES: Record<FormatName, { options: string; format: Format }> = {
  problem: {
    options:
      '{ members: { instance: false, code: false, request_id: false, errors: false, details: false } }',
    format: formats.problem.with({
      members: { instance: false, code: false, request_id: false, errors: false, details: false },
    }),
  },
  envelope: {
    options: "{ members: { request_id: 'requestId' }, retryAfter: 'retry_after' }",
    format: formats.envelope.with({
      members: { request_id: 'requestId' },
      retryAfter: 'retry_after',
    }),
  },
  message: {
    options: "{ members: { message: 'error' } }",
    format: formats.message.with({ members: { message: 'error' } }),
  },
  success: {
    options: "{ timestamp: 'seconds' }",
    format: formats.success.with({ timestamp: 'seconds' }),
  },
  laravel: {
    options: "{ members: { errors: 'violations' } }",
    format: formats.laravel.with({ members: { errors: 'violations' } }),
  },
  google: {
    options: '{ members: { RequestInfo: false } }',
    format: formats.google.with({ members: { RequestInfo: false } }),
  },
  jsonapi: {
    options: "{ members: { request_id: 'requestId', links: false } }",
    format: formats.jsonapi.with({ members: { request_id: 'requestId', links: false } }),
  },
  stripe: {
    options: '{ members: { doc_url: false } }',
    format: formats.stripe.with({ members: { doc_url: false } }),
  },
};
const OPTION_LINES: Record<FormatName, string[]> = {
  problem: [
    '- `members`: `instance`, `code`, `request_id`, `errors`, `details` — a new name, or `false` to leave it out',
    "- `type`: `'uri'` (default: the code's type URI, else `about:blank`), `'about:blank'` (unless the entry sets its own `type`), `'code'` (the code itself)",
    '- `retryAfter`: a member with the `Retry-After` seconds on 429 and 503 (default `false`: header only)',
  ],
  envelope: [
    '- `members`: `code`, `details`, `fields` (the list inside details), `request_id`, `doc_url` — a new name or `false`',
    '- `retryAfter`: a member of `error` with the `Retry-After` seconds on 429 and 503 (default `false`)',
  ],
  message: ['- `members.message`: a new name for the one member'],
  success: [
    '- `members`: `requestId`, `timestamp` (in `meta`), `field`, `retryAfter` (in `error`) — a new name or `false`',
    "- `timestamp`: `'milliseconds'` (default), `'seconds'` (`2025-12-14T10:30:00Z`) or `false`",
  ],
  laravel: ['- `members`: `message`, `errors` — new names'],
  google: [
    '- `members`: `RequestInfo`, `RetryInfo`, `Help` — `false` leaves that detail entry out',
  ],
  jsonapi: ['- `members`: `request_id` (a new name or `false`), `meta` and `links` (`false` only)'],
  stripe: ['- `members`: `param`, `doc_url` — a new name or `false`'],
};
/** The options of one format, with the 404 rendered under an example of them. */
export function optionsSection(
  name: FormatName,
  notFound: ApiError,
  context: RenderContext,
): string[] {
  const { options, format } = OPTION_EXAMPLES[name];
  const rendered = format.render(notFound, context);
  return [
    '',
    `Options (\`formats.${name}.with(options)\`; parse reads renamed members back):`,
    '',
    ...OPTION_LINES[name],
    '',
    `With \`${options}\`, the 404:`,
    '',
    '```json',
    JSON.stringify(JSON.parse(rendered.body), null, 2),
    '```',
  ];
}
