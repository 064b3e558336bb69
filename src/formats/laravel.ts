import { dotPath, fieldsFromMap, isObject, parsedError, rendered, str, visible } from './shared.js';
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
    if (fields === undefined || fields.length === 0) {
      return rendered(error, context, 'application/json', { message });
    }
    // No prototype: a field named `__proto__` must stay a key.
    const errors: Record<string, string[]> = Object.create(null);
    for (const f of fields) {
      const key = dotPath(f.path);
      const list = errors[key];
      if (list === undefined) errors[key] = [f.message];
      else list.push(f.message);
    }
    return rendered(error, context, 'application/json', { message, errors });
  },
  parse(input) {
    const body = input.json;
    if (!isObject(body) || !isObject(body.errors)) return undefined;
    const message = str(body.message);
    const fields = fieldsFromMap(body.errors);
    if (message === undefined && fields.length === 0) return undefined;
    return parsedError(input, 'laravel', { message: message ?? fields[0]?.message, fields });
  },
};
