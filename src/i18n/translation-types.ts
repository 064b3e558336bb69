import type { FieldViolation } from '../api-error.js';

/**
 * What a message function learns of the occurrence besides its details.
 * @example message: (_, { retryAfter }) => `Rate limit exceeded. Try again in ${retryAfter} seconds.`
 */
export type MessageContext = {
  /**
   * The occurrence's `Retry-After` seconds (the option given to `catalog.error`, else the
   * entry's). The rate limiter passes whole seconds, the very number it sends in `Retry-After`.
   */
  readonly retryAfter: number | undefined;
  /** The occurrence's validation violations, if any. */
  readonly fields: readonly FieldViolation[] | undefined;
};

/**
 * One code's text in one locale. A string message is ICU MessageFormat: `{name}` names a member
 * of the code's details (or `retryAfter`); plurals and selects need the catalog's
 * `messageFormat` (`icu` from `errata/i18n`).
 * @example { title: 'Geheimnis nicht gefunden', message: "Das Geheimnis '{name}' gibt es nicht." }
 */
export type TranslationEntry<D = unknown> = {
  /** The code's title in this locale. @default the catalog's own title */
  title?: string;
  /**
   * The message in this locale: ICU text, or a function of the typed details and the occurrence.
   * @default the catalog's own message (the response then says it is in the catalog's locale)
   * @example (d) => `Das Geheimnis '${d.name}' gibt es nicht.`
   */
  message?: string | ((details: D, context: MessageContext) => string);
  /**
   * A fingerprint of the catalog's own title and message this translation was made from, as
   * `errata i18n` prints it; `errata i18n` calls the translation stale when they have changed.
   * @example 'c0ffee12'
   */
  source?: string;
};

/** A field violation's text in one locale, by the violation's `code`: ICU text with `{path}`
 * and `{code}`, or a function of the violation. */
export type FieldTranslation = string | ((violation: FieldViolation) => string);

/**
 * Everything a catalog says in one locale.
 * @example { errors: { secret_not_found: { message: "Geheimnis '{name}' fehlt" } }, fields: { too_small: 'Zu klein' } }
 */
export type LocaleTranslations<D = Record<string, unknown>> = {
  /** Per code: its title and message in this locale. */
  errors?: { [K in keyof D]?: TranslationEntry<D[K]> };
  /** Per field violation code (Zod's `too_small`, …): the violation's message in this locale. */
  fields?: Readonly<Record<string, FieldTranslation>>;
};

/**
 * Compiles one ICU message for one locale: what `errata/i18n`'s `icu` does with
 * intl-messageformat. errata fills plain `{name}` arguments itself; a catalog whose translations
 * use plurals, selects or formatted arguments needs one.
 * @example const compile: MessageCompiler = (text, locale) => (values) => new IntlMessageFormat(text, locale).format(values) as string;
 */
export type MessageCompiler = (
  message: string,
  locale: string,
) => (values: Record<string, unknown>) => string;

// --- Placeholder checks at the type level: arguments open at even brace depth (`{name}` at 0,
// a plural's branch message at 1, an argument inside that branch at 2, …).

type Trim<S extends string> = S extends ` ${infer R}`
  ? Trim<R>
  : S extends `${infer R} `
    ? Trim<R>
    : S;

/** The argument name at the start of `B` (the text after an argument's `{`). */
type ArgName<B extends string> = B extends `${infer N},${string}`
  ? N extends `${string}}${string}`
    ? B extends `${infer M}}${string}`
      ? Trim<M>
      : never
    : Trim<N>
  : B extends `${infer M}}${string}`
    ? Trim<M>
    : never;

/**
 * The argument names of an ICU message literal (`never` for a message that is not a literal).
 * Arguments open at even brace depth (`{name}` at 0, a plural's branch at 1, an argument in it
 * at 2, …), so only the depth's parity is tracked. ICU quoting (`'{x}'`) is not read: a quoted
 * brace counts here, so write such text with a message function instead.
 * @example type A = MessageArgumentNames<'{n, plural, one {# of {owner}} other {# keys}}'> // 'n' | 'owner'
 */
export type MessageArgumentNames<
  S extends string,
  Odd extends boolean = false,
  Found = never,
> = string extends S
  ? never
  : S extends `${infer A}{${infer B}`
    ? A extends `${string}}${infer A2}`
      ? MessageArgumentNames<`${A2}{${B}`, Odd extends true ? false : true, Found>
      : MessageArgumentNames<
          B,
          Odd extends true ? false : true,
          Odd extends true ? Found : Found | ArgName<B>
        >
    : Found;

/** The names a code's messages may use: its details' keys and `retryAfter`. */
type Allowed<D> =
  | (D extends readonly unknown[] ? never : D extends object ? keyof D & string : never)
  | 'retryAfter';

/** A message literal as it is when its arguments are allowed, else a type naming the strangers. */
type CheckedMessage<M, D> = M extends string
  ? [Exclude<MessageArgumentNames<M>, Allowed<D>>] extends [never]
    ? M
    : M & {
        readonly 'errata: placeholder not in details': Exclude<MessageArgumentNames<M>, Allowed<D>>;
      }
  : M;

type CheckedEntry<E, D> = { [P in keyof E]: P extends 'message' ? CheckedMessage<E[P], D> : E[P] };

/**
 * The translations `T` with every string message checked against its code's details in `D`;
 * a code `D` does not have is refused.
 */
export type CheckedTranslations<T, D> = {
  [L in keyof T]: T[L] extends { errors?: infer E }
    ? string extends keyof E
      ? T[L]
      : Omit<T[L], 'errors'> & {
          errors?: { [K in keyof E]: K extends keyof D ? CheckedEntry<E[K], D[K]> : never };
        }
    : T[L];
};
