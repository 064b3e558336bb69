import type { FieldViolation } from '../api-error.js';
import {
  dotPath,
  errorHeaders,
  fromDotted,
  isObject,
  parsedError,
  str,
  visible,
} from './shared.js';
import type { Format } from './types.js';

/** Laravel's shape: `{ "message", "errors": { "items.0.qty": ["…"] } }`. */
export const laravelFormat: Format = {
  name: 'laravel',
  contentType: 'application/json',
  drops: [
    'code (clients branch on the status)',
    'details',
    'violation codes',
    'request id in the body (the header has it)',
    'the format itself when there are no violations (the body is a plain `{ message }`, parsed as `message`)',
  ],
  render(error, context) {
    const { message, fields } = visible(error);
    let body: string;
    if (fields !== undefined && fields.length > 0) {
      const errors: Record<string, string[]> = {};
      for (const f of fields) {
        const key = dotPath(f.path);
        const list = errors[key];
        if (list === undefined) errors[key] = [f.message];
        else list.push(f.message);
      }
      body = JSON.stringify({ message, errors });
    } else {
      body = JSON.stringify({ message });
    }
    return {
      status: error.status,
      headers: errorHeaders(error, context, 'application/json'),
      body,
    };
  },
  parse(input) {
    const body = input.json;
    if (!isObject(body) || !isObject(body.errors)) return undefined;
    const message = str(body.message);
    const fields: FieldViolation[] = [];
    for (const key in body.errors) {
      const value = body.errors[key];
      const list = Array.isArray(value) ? value : [value];
      for (const m of list)
        if (typeof m === 'string') fields.push({ path: fromDotted(key), message: m });
    }
    if (message === undefined && fields.length === 0) return undefined;
    return parsedError(input, 'laravel', { message: message ?? fields[0]?.message, fields });
  },
};
