// The catalog's own message of a code as the ICU text a translation file holds, for the
// translator to start from: a string message escaped, a function message run with placeholder
// details so that `${d.name}` comes out as `{name}`.
import type { CatalogEntry, MessageContext } from '../../catalog-types.js';
import { detailsKeys } from '../../i18n/details-keys.js';
import { messageArguments } from '../../i18n/message-template.js';

/**
 * Text as an ICU literal: apostrophes doubled, braces quoted, so it reads back as written.
 * @example escapeIcu("It's {odd}") // "It''s '{'odd'}'"
 */
export function escapeIcu(text: string): string {
  return text.replace(/'/g, "''").replace(/[{}]/g, (brace) => `'${brace}'`);
}

// Private-use characters around an argument's name: no message writes them.
const OPEN = '\u{E000}';
const CLOSE = '\u{E001}';
const SLOT = /\u{E000}([^\u{E000}\u{E001}]*)\u{E001}/gu;
const slot = (name: string) => `${OPEN}${name}${CLOSE}`;

/**
 * The code's own message as ICU text. A function message is called with each details member
 * (and `retryAfter`) standing for itself, so `(d) => \`No secret '${d.name}'.\`` gives
 * `No secret ''{name}''.`; a function that computes with them (or throws) gives the title.
 * @example icuMessage(catalog.get('secret_not_found')) // "No secret is stored under ''{name}''."
 */
export function icuMessage(entry: CatalogEntry): string {
  const message = entry.message;
  if (typeof message === 'string') return escapeIcu(message);
  const keys = detailsKeys(entry.details);
  const allowed = keys === undefined ? undefined : new Set([...keys, 'retryAfter']);
  let text: string;
  try {
    const context: MessageContext = {
      retryAfter: slot('retryAfter') as unknown as number,
      fields: undefined,
    };
    text = (message as (details: unknown, context: MessageContext) => string)(
      placeholders(entry, keys),
      context,
    );
  } catch {
    return escapeIcu(entry.title);
  }
  if (typeof text !== 'string' || /undefined|NaN|\[object /.test(text.replace(SLOT, ''))) {
    return escapeIcu(entry.title);
  }
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SLOT)) {
    const name = match[1] as string;
    if (allowed !== undefined && !allowed.has(name)) return escapeIcu(entry.title);
    out += `${escapeIcu(text.slice(last, match.index))}{${name}}`;
    last = match.index + match[0].length;
  }
  out += escapeIcu(text.slice(last));
  try {
    messageArguments(out);
  } catch {
    return escapeIcu(entry.title);
  }
  return out;
}

/** Details whose members are their own placeholders: the schema's members, else any asked. */
function placeholders(entry: CatalogEntry, keys: ReadonlySet<string> | undefined): unknown {
  if (entry.details === undefined) return undefined;
  if (keys !== undefined) return Object.fromEntries([...keys].map((key) => [key, slot(key)]));
  return new Proxy(
    {},
    {
      get: (_target, key) =>
        typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key) ? slot(key) : undefined,
    },
  );
}
