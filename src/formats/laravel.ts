import type { ApiError } from '../api-error.js';
import { markDefault } from './builtin-names.js';
import { laravelGuide } from './guides.js';
import { type LaravelNames as Names, parseLaravel } from './laravel-parse.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import type { LaravelOptions } from './options.js';
import { dotPath, rendered, visible } from './shared.js';
import type { Format, RenderContext } from './types.js';

/** The `laravel` format, configurable with `.with(options)`. */
export type LaravelFormat = Format & {
  readonly options: Readonly<LaravelOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.laravel.with({ members: { errors: 'violations' } })
   */
  with(options: LaravelOptions): LaravelFormat;
};

const RULES: Record<keyof Names, MemberRule> = {
  message: { name: 'message', level: 'body', rename: true, omit: false },
  errors: { name: 'errors', level: 'body', rename: true, omit: false },
};

function render(n: Names, error: ApiError, context: RenderContext | undefined) {
  const { message, fields } = visible(error);
  if (fields === undefined || fields.length === 0) {
    return rendered(error, context, 'application/json', { [n.message]: message });
  }
  // No prototype: a field named `__proto__` must stay a key.
  const errors: Record<string, string[]> = Object.create(null);
  for (const f of fields) {
    const key = dotPath(f.path);
    const list = errors[key];
    if (list === undefined) errors[key] = [f.message];
    else list.push(f.message);
  }
  return rendered(error, context, 'application/json', { [n.message]: message, [n.errors]: errors });
}

function configure(given: Given): LaravelFormat {
  // Neither member may be left out: the rules refuse false, so both names are strings.
  const n = resolveMembers('laravel', RULES, {}, given.members, {}) as Names;
  return builtinFormat<typeof n, LaravelFormat>(
    given,
    n,
    {
      name: 'laravel',
      contentType: 'application/json',
      keys: ['members'],
      guide: laravelGuide(n),
      drops: [
        'code (clients branch on the status)',
        'details',
        'violation codes',
        'request id in the body (the header has it)',
        `the format itself when there are no violations (the body is a plain \`{ ${n.message} }\`, parsed as \`message\`)`,
      ],
      render,
      parse: parseLaravel,
    },
    configure,
  );
}

/**
 * Laravel's shape: `{ "message", "errors": { "items.0.qty": ["…"] } }`.
 * @example laravelFormat.with({ members: { errors: 'violations' } })
 */
export const laravelFormat: LaravelFormat = /* @__PURE__ */ markDefault(
  /* @__PURE__ */ configure({}),
);
