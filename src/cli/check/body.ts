// The body of an error response held to the API's wire format: the format it is in, its content
// type, its shape under the format's options, and its code against the catalog. A custom format
// (defineFormat) is held to its own parse and schema.
import type { Catalog } from '../../catalog-types.js';
import { formats, isFormatName } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { parseErrorBody } from '../../parse/index.js';
import { detailsJsonSchema } from '../shared/json-schema.js';
import { builtinName, customSchema } from '../shared/wire-format.js';
import { checkCode } from './catalog.js';
import { conforms } from './conforms.js';
import type { CheckName } from './findings.js';
import type { RawResponse } from './http.js';
import { wireShape } from './wire.js';

/** What the body told: the format it is in, its code, its request id. */
export type BodyReading = {
  format: string | null;
  code: string | undefined;
  requestId: string | undefined;
};

type Find = (check: CheckName, message: string) => void;

/** The media type of a response, lower-case, without parameters. */
function mediaType(headers: Record<string, string>): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function contentTypeFinding(contentType: string, format: Format, find: Find): void {
  const expected = format.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType !== expected) {
    find(
      'content-type',
      `Content-Type is ${contentType === '' ? 'missing' : contentType}, not ${expected}`,
    );
  }
}

/**
 * Check a body against the wire format it must be in (`wanted`; any errata format when
 * undefined): a built-in one, configured or not, or a custom one.
 * @example const reading = await checkBody(response, json, formats.envelope, catalog, true, find);
 */
export async function checkBody(
  response: RawResponse,
  json: unknown,
  wanted: Format | undefined,
  catalog: Catalog | undefined,
  byAccept: boolean,
  find: Find,
): Promise<BodyReading> {
  if (wanted !== undefined && builtinName(wanted) === undefined) {
    return checkCustom(response, json, wanted, catalog, find);
  }
  const { status, headers, body } = response;
  // The wanted format's own parse goes first: renamed members are read back.
  const parsed = parseErrorBody({ status, headers, body }, { format: wanted });
  const wantedName = wanted === undefined ? undefined : builtinName(wanted);
  const detected = isFormatName(parsed.format) ? parsed.format : undefined;
  // A laravel body without violations is `{ message }`: the message format's shape, by design.
  const sameWire = (f: FormatName | undefined) =>
    f === wantedName || (wantedName === 'laravel' && f === 'message');
  if (wantedName !== undefined ? !sameWire(detected) : detected === undefined) {
    const what = detected ?? `not an errata wire format (${parsed.format ?? 'unknown'})`;
    find(
      'wire-format',
      wantedName === undefined
        ? `the body is ${what}`
        : `the body is ${what}, not ${wantedName}${byAccept ? ' (asked for by Accept)' : ''}`,
    );
  }
  const expected = wanted ?? (detected === undefined ? undefined : formats[detected]);
  if (expected !== undefined) contentTypeFinding(mediaType(headers), expected, find);
  const reading: BodyReading = {
    format: parsed.format ?? null,
    code: undefined,
    requestId: parsed.requestId,
  };
  // The shape is that of the format the body is in (a wrong format is already a finding), under
  // the wanted format's options when it is that one.
  if (detected === undefined) return reading;
  const format = wanted !== undefined && detected === wantedName ? wanted : formats[detected];
  const shape = wireShape(format, status, json);
  if (shape.problems.length > 0)
    find('malformed-body', `${detected}: ${shape.problems.join('; ')}`);
  reading.code = await checkCode(
    {
      format,
      carried: shape.code,
      carries: shape.carries,
      type: shape.type,
      details: parsed.details,
      status,
    },
    catalog,
    find,
  );
  return reading;
}

/**
 * A custom format's body: recognised by its own parse, in its content type, conforming to its
 * body schema and (when the code is known) to the code's, with a catalogued code.
 */
async function checkCustom(
  response: RawResponse,
  json: unknown,
  format: Format,
  catalog: Catalog | undefined,
  find: Find,
): Promise<BodyReading> {
  const { status, headers, body } = response;
  // parseErrorBody tries the format's own parse first (bounded, a throwing parse survived), then
  // the universal shapes: whether the format itself recognised the body is told by its parse.
  let recognised = false;
  const probe: Format = {
    ...format,
    parse: (input) => {
      const error = format.parse(input);
      recognised = error !== undefined;
      return error;
    },
  };
  const reading = parseErrorBody({ status, headers, body }, { format: probe });
  const parsed = recognised ? reading : undefined;
  if (parsed === undefined) {
    find(
      'wire-format',
      `the body is not in the ${format.name} format (it reads as ${reading.format ?? 'unknown'})`,
    );
  }
  contentTypeFinding(mediaType(headers), format, find);
  const problems = shapeProblems(format, json, catalog, parsed?.code, status);
  if (problems.length > 0) find('malformed-body', `${format.name}: ${problems.join('; ')}`);
  const carries = format.guide.carriesCode;
  const code =
    parsed === undefined
      ? undefined
      : await checkCode(
          { format, carried: parsed.code, carries, details: parsed.details, status },
          catalog,
          find,
        );
  return { format: parsed === undefined ? null : format.name, code, requestId: parsed?.requestId };
}

/** The body against the format's schema, and against the code's own when the catalog has it. */
function shapeProblems(
  format: Format,
  json: unknown,
  catalog: Catalog | undefined,
  code: string | undefined,
  status: number,
): string[] {
  const generic = customSchema(format);
  if (generic === undefined) return [];
  if (json === undefined) return ['the body is not JSON'];
  const problems = conforms(generic, json);
  const entry = code === undefined ? undefined : catalog?.get(code);
  if (entry !== undefined && entry.status === status) {
    const details = entry.expose ? detailsJsonSchema(entry.details) : undefined;
    const own = customSchema(format, {
      code: entry.code,
      status: entry.status,
      title: entry.title,
      ...(details === undefined ? {} : { details }),
    });
    for (const problem of own === undefined ? [] : conforms(own, json)) {
      if (!problems.includes(problem)) problems.push(problem);
    }
  }
  return problems;
}
