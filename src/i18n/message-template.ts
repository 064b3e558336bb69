// ICU MessageFormat messages as far as errata needs to read them itself: which arguments a
// message names (checked against a code's details when a catalog is defined), and how to fill
// the ones that are plain `{name}` arguments. Anything richer (plural, select, number, date) is
// compiled by the catalog's `messageFormat` (errata/i18n's `icu`, through intl-messageformat).

/** What a message needs: every argument it names, and whether `{name}` arguments are all. */
export type MessageArguments = {
  /** Argument names at every level (a plural's branches included), first use first. */
  readonly names: readonly string[];
  /** True when every argument is a plain `{name}` (errata fills those without a library). */
  readonly simple: boolean;
};

/** A message errata cannot read as ICU MessageFormat. */
export class MessageSyntaxError extends Error {
  override name = 'MessageSyntaxError' as const;
}

const SELECTING = new Set(['plural', 'selectordinal', 'select']);
const NAME = /^[^\s{}'#,=|]+$/;

type Scan = {
  text: string;
  i: number;
  names: string[];
  seen: Set<string>;
  simple: boolean;
  parts: Part[];
};

/** Plural and select branches nest at most this deep; real messages use two or three. */
const MAX_DEPTH = 16;
type Part = string | { readonly name: string };

/**
 * The arguments an ICU message names, and whether it is simple (text and `{name}` only).
 * Throws a MessageSyntaxError for an unbalanced brace, an empty or invalid argument name, or a
 * plural/select without branches.
 * @example messageArguments('{count, plural, one {# key of {owner}} other {# keys}}') // { names: ['count', 'owner'], simple: false }
 */
export function messageArguments(text: string): MessageArguments {
  const scan = scanMessage(text);
  return { names: scan.names, simple: scan.simple };
}

/**
 * A function filling a simple message's `{name}` arguments (values as `String(value)`) from the
 * own members of `values` (an occurrence's details), `{retryAfter}` else from `fallback` (its
 * context); ICU
 * quoting applies (`''` is one apostrophe, `'{x}'` is literal text). Throws a
 * MessageSyntaxError for a message that is not simple; the function throws a RangeError for a
 * value that is missing.
 * @example compileSimpleMessage("Geheimnis '{name}' fehlt")({ name: 'db' }) // "Geheimnis {name} fehlt"
 */
export function compileSimpleMessage(
  text: string,
): (values: unknown, fallback?: Readonly<Record<string, unknown>>) => string {
  const scan = scanMessage(text);
  if (!scan.simple) {
    throw new MessageSyntaxError('the message has plural, select or formatted arguments.');
  }
  const parts = scan.parts;
  if (parts.length === 0) return () => '';
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const only = parts[0];
    return () => only;
  }
  // Read straight from the details (no merged copy per occurrence: this runs on every localized
  // error response), then `retryAfter` from the occurrence. A primitive is taken as it is; an
  // object or function only when the details hold it themselves (never an inherited
  // `constructor`).
  const texts: string[] = [];
  const names: string[] = [];
  let run = '';
  for (const part of parts) {
    if (typeof part === 'string') run += part;
    else {
      texts.push(run);
      names.push(part.name);
      run = '';
    }
  }
  const last = run;
  return (values, fallback) => {
    const from =
      typeof values === 'object' && values !== null
        ? (values as Record<string, unknown>)
        : undefined;
    let out = '';
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      let value = from === undefined ? undefined : from[name];
      const kind = typeof value;
      if (kind !== 'string' && kind !== 'number' && kind !== 'boolean' && kind !== 'bigint') {
        if (value !== undefined && value !== null && !Object.hasOwn(from as object, name)) {
          value = undefined;
        }
        if (value === undefined && name === 'retryAfter') value = fallback?.retryAfter;
        if (value === undefined || value === null) {
          throw new RangeError(`no value for {${name}}`);
        }
      }
      out += (texts[i] as string) + (kind === 'string' ? (value as string) : String(value));
    }
    return out + last;
  };
}

function scanMessage(text: string): Scan {
  const scan: Scan = { text, i: 0, names: [], seen: new Set(), simple: true, parts: [] };
  readMessage(scan, 0, false);
  if (scan.i < text.length) throw new MessageSyntaxError(`unmatched '}' at ${scan.i}.`);
  return scan;
}

/** Read text and arguments up to an unmatched `}` (left unread) or the end. */
function readMessage(scan: Scan, depth: number, inPlural: boolean): void {
  const { text } = scan;
  let literal = '';
  while (scan.i < text.length) {
    const ch = text[scan.i] as string;
    if (ch === '}') break;
    if (ch === "'") {
      literal += readQuote(scan, inPlural);
      continue;
    }
    if (ch === '{') {
      if (depth === 0 && literal !== '') scan.parts.push(literal);
      literal = '';
      readArgument(scan, depth, inPlural);
      continue;
    }
    if (ch === '#' && inPlural) scan.simple = false;
    literal += ch;
    scan.i++;
  }
  if (depth === 0 && literal !== '') scan.parts.push(literal);
}

/** An apostrophe: `''` is one; before a special character it quotes up to the next lone one. */
function readQuote(scan: Scan, inPlural: boolean): string {
  const { text } = scan;
  const next = text[scan.i + 1];
  if (next === "'") {
    scan.i += 2;
    return "'";
  }
  if (next === undefined || !(next === '{' || next === '}' || (next === '#' && inPlural))) {
    scan.i++;
    return "'";
  }
  let out = '';
  scan.i++;
  while (scan.i < text.length) {
    const ch = text[scan.i] as string;
    if (ch === "'") {
      if (text[scan.i + 1] === "'") {
        out += "'";
        scan.i += 2;
        continue;
      }
      scan.i++;
      return out;
    }
    out += ch;
    scan.i++;
  }
  return out;
}

function skipSpace(scan: Scan): void {
  while (scan.i < scan.text.length && /\s/.test(scan.text[scan.i] as string)) scan.i++;
}

function readWord(scan: Scan): string {
  const start = scan.i;
  while (scan.i < scan.text.length && !/[\s,{}]/.test(scan.text[scan.i] as string)) scan.i++;
  return scan.text.slice(start, scan.i);
}

function expect(scan: Scan, ch: string): void {
  if (scan.text[scan.i] !== ch) {
    throw new MessageSyntaxError(`expected '${ch}' at ${scan.i}.`);
  }
  scan.i++;
}

/** `{name}`, `{name, type}`, `{name, type, style}` or a plural/select with its branches. */
function readArgument(scan: Scan, depth: number, inPlural: boolean): void {
  scan.i++;
  skipSpace(scan);
  const name = readWord(scan);
  if (!NAME.test(name)) {
    throw new MessageSyntaxError(
      `argument name ${JSON.stringify(name)} at ${scan.i} is not valid.`,
    );
  }
  if (!scan.seen.has(name)) {
    scan.seen.add(name);
    scan.names.push(name);
  }
  skipSpace(scan);
  if (scan.text[scan.i] === '}') {
    scan.i++;
    if (depth === 0) scan.parts.push({ name });
    return;
  }
  expect(scan, ',');
  scan.simple = false;
  skipSpace(scan);
  const type = readWord(scan);
  if (type === '') throw new MessageSyntaxError(`argument {${name}} has an empty type.`);
  skipSpace(scan);
  if (scan.text[scan.i] === '}') {
    scan.i++;
    return;
  }
  expect(scan, ',');
  if (SELECTING.has(type)) readBranches(scan, depth, type === 'select' ? inPlural : true, name);
  else readStyle(scan);
}

/** A plural's or select's `selector {message}` pairs up to the argument's closing brace. */
function readBranches(scan: Scan, depth: number, inPlural: boolean, name: string): void {
  if (depth >= MAX_DEPTH) {
    throw new MessageSyntaxError(`branches nest deeper than ${MAX_DEPTH} levels.`);
  }
  let branches = 0;
  for (;;) {
    skipSpace(scan);
    if (scan.text[scan.i] === '}') break;
    const selector = readWord(scan);
    if (selector === '')
      throw new MessageSyntaxError(`argument {${name}} has a bad branch at ${scan.i}.`);
    skipSpace(scan);
    if (selector.startsWith('offset:')) continue;
    expect(scan, '{');
    readMessage(scan, depth + 1, inPlural);
    expect(scan, '}');
    branches++;
  }
  if (branches === 0) throw new MessageSyntaxError(`argument {${name}} has no branches.`);
  scan.i++;
}

/** A number/date/time style (`::currency/EUR`, `short`): text up to the balancing brace. */
function readStyle(scan: Scan): void {
  let open = 0;
  while (scan.i < scan.text.length) {
    const ch = scan.text[scan.i] as string;
    if (ch === "'") {
      readQuote(scan, false);
      continue;
    }
    if (ch === '{') open++;
    if (ch === '}') {
      if (open === 0) {
        scan.i++;
        return;
      }
      open--;
    }
    scan.i++;
  }
  throw new MessageSyntaxError('an argument style is not closed.');
}
