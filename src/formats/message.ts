import type { ApiError } from '../api-error.js';
import { messageGuide } from './guides.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import type { MessageOptions } from './options.js';
import { dotPath, isObject, parsedError, rendered, str, visible } from './shared.js';
import type { Format, RenderContext, ShapeInput } from './types.js';

/** The `message` format, configurable with `.with(options)`. */
export type MessageFormat = Format & {
  readonly options: Readonly<MessageOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.message.with({ members: { message: 'error' } })
   */
  with(options: MessageOptions): MessageFormat;
};

type Names = { message: string };

const RULES: Record<keyof Names, MemberRule> = {
  message: { name: 'message', level: 'body', rename: true, omit: false },
};

function render(n: Names, error: ApiError, context: RenderContext | undefined) {
  const { message, fields } = visible(error);
  const text =
    fields !== undefined && fields.length > 0
      ? fields
          .map((f) => (f.path.length > 0 ? `${dotPath(f.path)}: ${f.message}` : f.message))
          .join('; ')
      : message;
  return rendered(error, context, 'application/json', { [n.message]: text });
}

function parse(n: Names, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body)) return undefined;
  const message = str(body[n.message]);
  if (message === undefined) return undefined;
  return parsedError(input, 'message', { message, code: str(body.code) });
}

function configure(given: Given): MessageFormat {
  // `message` is never false: the rule refuses it, so the name is a string.
  const n = resolveMembers('message', RULES, {}, given.members, {}) as Names;
  return builtinFormat<typeof n, MessageFormat>(
    given,
    n,
    {
      name: 'message',
      contentType: 'application/json',
      keys: ['members'],
      guide: messageGuide(n),
      drops: [
        'code (clients branch on the status)',
        'details',
        'request id in the body (the header has it)',
        'structured fields (folded into the message)',
        'the overall message when there are violations (the folded violations replace it)',
        'violation codes',
      ],
      render,
      parse,
    },
    configure,
  );
}

/**
 * The plainest shape: `{ "message": "…" }`. Violations are folded into the message as
 * `path: message; path: message`.
 * @example messageFormat.with({ members: { message: 'error' } })
 */
export const messageFormat: MessageFormat = configure({});
