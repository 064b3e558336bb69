import type { FieldViolation } from '../../api-error.js';

// Validation failures as field violations: class-validator's ValidationError trees (through
// `validationExceptionFactory`), and the message lists Nest's own pipes put in a
// BadRequestException (`ValidationPipe`: "value must be a string"; `StandardSchemaValidationPipe`:
// "value: Expected string"; `errorFormat: 'grouped'`: `{ value: ['…'] }`).

/**
 * What errata's Standard Schema pipe and `validationExceptionFactory` throw: the field
 * violations of a failed validation. The filter answers it with the catalog's
 * `validation_error` role (422), whatever catalog the app uses.
 * @example throw new ErrataValidationError([{ path: ['name'], message: 'Required' }]);
 */
export class ErrataValidationError extends Error {
  /** The violations, one per failed rule. */
  readonly fields: FieldViolation[];

  constructor(fields: FieldViolation[]) {
    super('The request is not valid.');
    this.name = 'ErrataValidationError';
    this.fields = fields;
  }
}

/**
 * What errata reads of a class-validator ValidationError.
 * @example const error: ValidationErrorLike = { property: 'name', constraints: { isString: 'name must be a string' } };
 */
export type ValidationErrorLike = {
  property?: string | undefined;
  constraints?: Readonly<Record<string, string>> | undefined;
  children?: readonly ValidationErrorLike[] | undefined;
};

const INDEX = /^(?:0|[1-9]\d{0,8})$/;

/** A path segment: all-digit ones (array indices) become numbers. */
function segment(key: string): string | number {
  return INDEX.test(key) ? Number(key) : key;
}

/**
 * Field violations from class-validator errors: one per constraint, with the full path (array
 * items as numbers) and the constraint's name as `code`.
 * @example validationFields(errors) // [{ path: ['items', 0, 'qty'], message: '…', code: 'min' }]
 */
export function validationFields(
  errors: readonly ValidationErrorLike[],
  parent: readonly (string | number)[] = [],
): FieldViolation[] {
  const fields: FieldViolation[] = [];
  const pending: [readonly ValidationErrorLike[], readonly (string | number)[]][] = [
    [errors, parent],
  ];
  // A loop, not recursion: the validated value decides how deep errors go.
  while (pending.length > 0) {
    const [list, base] = pending.shift() as [
      readonly ValidationErrorLike[],
      readonly (string | number)[],
    ];
    for (const error of list) {
      const path =
        typeof error.property === 'string' && error.property !== ''
          ? [...base, segment(error.property)]
          : [...base];
      for (const [code, message] of Object.entries(error.constraints ?? {})) {
        fields.push({ path, message: String(message), code });
      }
      if (Array.isArray(error.children) && error.children.length > 0) {
        pending.push([error.children, path]);
      }
    }
  }
  return fields;
}

/**
 * An `exceptionFactory` for Nest's `ValidationPipe`: its errors become field violations with
 * exact paths and the constraint names as codes (the pipe's default keeps only messages).
 * @example app.useGlobalPipes(new ValidationPipe({ exceptionFactory: validationExceptionFactory }));
 */
export function validationExceptionFactory(
  errors: readonly ValidationErrorLike[],
): ErrataValidationError {
  return new ErrataValidationError(validationFields(errors));
}

/** A path spelled `items.0.qty` as segments. */
function dotted(path: string): (string | number)[] {
  return path === '' ? [] : path.split('.').map(segment);
}

const SCHEMA_MESSAGE = /^([^\s:]+(?:\.[^\s:]+)*): (.+)$/s;
const EACH_MESSAGE = /^each value in ([A-Za-z_$][\w$]*(?:\.[\w$]+)*) (.+)$/s;
const UNKNOWN_PROPERTY = /^property (\S+) should not exist$/;
const PROPERTY_MESSAGE = /^([A-Za-z_$][\w$]*(?:\.[\w$]+)*) (.+)$/s;

/** One message of a Nest validation pipe as a violation; the path is the property it names. */
function fromMessage(message: string): FieldViolation {
  const schema = SCHEMA_MESSAGE.exec(message);
  if (schema !== null) return { path: dotted(schema[1] as string), message: schema[2] as string };
  const each = EACH_MESSAGE.exec(message) ?? UNKNOWN_PROPERTY.exec(message);
  if (each !== null) return { path: dotted(each[1] as string), message };
  const property = PROPERTY_MESSAGE.exec(message);
  return property === null
    ? { path: [], message }
    : { path: dotted(property[1] as string), message };
}

/**
 * The violations in the `message` of a BadRequestException raised by Nest's validation pipes:
 * a list of messages (`ValidationPipe`, `StandardSchemaValidationPipe`) or, with
 * `errorFormat: 'grouped'`, an object of messages per path. Undefined for any other message.
 * The default ValidationPipe keeps no paths: each message's leading property name is taken as
 * its path (give the pipe `validationExceptionFactory` for exact ones).
 * @example messageFields(['value must be a string']) // [{ path: ['value'], message: 'value must be a string' }]
 */
export function messageFields(message: unknown): FieldViolation[] | undefined {
  if (Array.isArray(message)) {
    if (message.length === 0 || !message.every((m) => typeof m === 'string')) return undefined;
    return (message as string[]).map(fromMessage);
  }
  if (typeof message !== 'object' || message === null) return undefined;
  const fields: FieldViolation[] = [];
  for (const [path, messages] of Object.entries(message)) {
    if (!Array.isArray(messages) || !messages.every((m) => typeof m === 'string')) return undefined;
    for (const text of messages as string[]) fields.push({ path: dotted(path), message: text });
  }
  return fields.length === 0 ? undefined : fields;
}
