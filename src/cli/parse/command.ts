import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApiError } from '../../api-error.js';
import { parseErrorBody } from '../../parse/index.js';
import { parse } from '../shared/args.js';
import { type Command, EXIT } from '../shared/command.js';
import { UsageError } from '../shared/usage-error.js';
import { wireFlag } from '../shared/wire-format.js';
import { type HttpMessage, splitHttpMessage } from './http-message.js';

const HELP = `Usage: errata parse <response> [--wire FORMAT] [--raw]
       errata parse --status CODE [--headers FILE] --body FILE [--wire FORMAT] [--raw]

Parse an error response of any API the way errata's client does, and print the ApiError as JSON:
status, code, category, message, title, request id, retry delay, retryability, field
violations, details, type, documentation link and the format it was recognised as. For
debugging an unfamiliar API: \`curl -si https://api.example.com/v1/x | errata parse -\`.

Arguments:
  <response>      a file holding the response as \`curl -i\` prints it (status line, headers,
                  blank line, body; interim 100/3xx blocks from \`curl -iL\` are skipped), or -
                  for standard input

Options:
  --status CODE   the status, when headers and body are in separate files
  --headers FILE  the response headers, one \`Name: value\` per line
  --body FILE     the response body
  --wire FORMAT   a built-in format the API speaks, tried before the universal shapes
  --raw           include the body as parsed (\`raw\`)
  -h, --help      show this help

Exit codes: 0 parsed, 2 bad usage (an unreadable file, no status line, a bad status).`;

async function read(path: string, cwd: string, stdin: (() => Promise<string>) | undefined) {
  if (path === '-') {
    if (stdin === undefined) throw new UsageError('errata parse: standard input is not available');
    return stdin();
  }
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new UsageError(`errata parse: cannot read ${JSON.stringify(path)}`);
  }
}

function headerLines(text: string): Record<string, string> {
  return splitHttpMessage(`HTTP/1.1 200 OK\n${text.trim()}\n\n`)?.headers ?? {};
}

/** The ApiError as the JSON this command prints: every field a client reads, none left out. */
function view(error: ApiError, raw: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    status: error.status,
    code: error.code,
    category: error.category,
    message: error.message,
    title: error.title,
    format: error.format,
    retryable: error.retryable,
  };
  const optional = {
    requestId: error.requestId,
    retryAfter: error.retryAfter,
    fields: error.fields,
    details: error.details,
    type: error.type,
    docUrl: error.docUrl,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) out[key] = value;
  if (raw) out.raw = error.raw;
  return out;
}

/** `errata parse`: any API's error response as errata's client reads it. */
export const parseCommand: Command = {
  name: 'parse',
  summary: "print any API's error response (curl -i output) as the ApiError errata reads",
  help: HELP,
  async run(args, io) {
    const options = {
      status: { type: 'string' },
      headers: { type: 'string' },
      body: { type: 'string' },
      wire: { type: 'string' },
      raw: { type: 'boolean' },
    } as const;
    const split = args.includes('--body') || args.some((a) => a.startsWith('--body='));
    const { values, positionals } = parse('parse', args, options, split ? [] : ['response']);
    const wire = wireFlag('parse', values.wire);
    let message: HttpMessage | undefined;
    if (split) {
      const status = Number(values.status);
      if (!Number.isInteger(status) || status < 100 || status > 599) {
        throw new UsageError('errata parse: --status must be an HTTP status (100-599) with --body');
      }
      const headers =
        typeof values.headers === 'string'
          ? headerLines(await read(values.headers, io.cwd, io.stdin))
          : {};
      message = { status, headers, body: await read(String(values.body), io.cwd, io.stdin) };
    } else {
      const text = await read(positionals[0] as string, io.cwd, io.stdin);
      message = splitHttpMessage(text);
      if (message === undefined) {
        throw new UsageError(
          'errata parse: the response does not start with a status line (HTTP/1.1 404 …); use curl -i, or --status and --body',
        );
      }
    }
    const error = parseErrorBody(message, wire === undefined ? {} : { format: wire });
    io.stdout(`${JSON.stringify(view(error, values.raw === true), null, 2)}\n`);
    return EXIT.ok;
  },
};
