import { dotPath, isObject, parsedError, rendered, str, visible } from './shared.js';
import type { Format } from './types.js';

/**
 * The plainest shape: `{ "message": "…" }`. Violations are folded into the message as
 * `path: message; path: message`.
 */
export const messageFormat: Format = {
  name: 'message',
  contentType: 'application/json',
  drops: [
    'code (clients branch on the status)',
    'details',
    'request id in the body (the header has it)',
    'structured fields (folded into the message)',
    'the overall message when there are violations (the folded violations replace it)',
    'violation codes',
  ],
  render(error, context) {
    const { message, fields } = visible(error);
    const text =
      fields !== undefined && fields.length > 0
        ? fields
            .map((f) => (f.path.length > 0 ? `${dotPath(f.path)}: ${f.message}` : f.message))
            .join('; ')
        : message;
    return rendered(error, context, 'application/json', { message: text });
  },
  parse(input) {
    const body = input.json;
    if (!isObject(body)) return undefined;
    const message = str(body.message);
    if (message === undefined) return undefined;
    return parsedError(input, 'message', { message, code: str(body.code) });
  },
};
