import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import { issuesToFields } from '../validate.js';
import { ErrataValidationError } from './validation.js';

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: { validate?: unknown } })['~standard'];
  return typeof props === 'object' && props !== null && typeof props.validate === 'function';
}

/**
 * A Nest pipe validating a route argument with any Standard Schema (Zod, Valibot, ArkType, …),
 * sync or async: the argument becomes the schema's output, or the request fails with the
 * catalog's `validation_error` (422) carrying one field violation per issue. Without a schema
 * it validates arguments declared with one (`@Body({ schema })`) and passes the others, so it can
 * be a global pipe.
 * @example
 * @Put(':name') write(@Body(new ErrataSchemaPipe(putSecretSchema)) body: PutSecret) { … }
 */
export class ErrataSchemaPipe<S extends StandardSchemaV1 = StandardSchemaV1>
  implements PipeTransform<unknown, Promise<StandardSchemaV1.InferOutput<S> | unknown>>
{
  readonly #schema: S | undefined;

  constructor(schema?: S) {
    if (schema !== undefined && !isStandardSchema(schema)) {
      throw new TypeError('errata: ErrataSchemaPipe needs a Standard Schema (Zod, Valibot, …).');
    }
    this.#schema = schema;
  }

  async transform(
    value: unknown,
    metadata?: ArgumentMetadata,
  ): Promise<StandardSchemaV1.InferOutput<S> | unknown> {
    const declared = (metadata as { schema?: unknown } | undefined)?.schema;
    const schema = this.#schema ?? (isStandardSchema(declared) ? declared : undefined);
    if (schema === undefined) return value;
    let result = schema['~standard'].validate(value);
    if (result instanceof Promise) result = await result;
    if (result.issues !== undefined) throw new ErrataValidationError(issuesToFields(result.issues));
    return result.value;
  }
}
