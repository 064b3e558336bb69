import type { ApiError } from '../api-error.js';
import { markDefault } from './builtin-names.js';
import { messageGuide } from './guides.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import { type MessageNames as Names, parseMessage } from './message-parse.js';
import type { MessageOptions } from './options.js';
import { dotPath, rendered, visible } from './shared.js';
import type { Format, RenderContext } from './types.js';

/** The `message` format, configurable with `.with(options)`. */
export type MessageFormat = Format & {
  readonly options: Readonly<MessageOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.message.with({ members: { message: 'error' } })
   */
  with(options: MessageOptions): MessageFormat;
};

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
      parse: parseMessage,
    },
    configure,
  );
}

/**
 * The plainest shape: `{ "message": "…" }`. Violations are folded into the message as
 * `path: message; path: message`.
 * @example messageFormat.with({ members: { message: 'error' } })
 */
export const messageFormat: MessageFormat = /* @__PURE__ */ markDefault(
  /* @__PURE__ */ configure({}),
);
