import type { MiddlewareHandler } from 'hono';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import { checkBodyLimit, type Settings } from '../settings.js';
import { validate } from '../validate.js';
import { type BodyCache, queryObject, readRequestJson } from '../web-body.js';
import type { HonoErrata, ValidationTarget, ValidatorOptions } from './options.js';

/** `errata.validator`: options checked now, the value read and validated per request. */
export function validatorOf(settings: Settings): HonoErrata['validator'] {
  const { catalog } = settings;
  return (<T extends ValidationTarget, S extends StandardSchemaV1>(
    target: T,
    schema: S,
    validatorOptions: ValidatorOptions = {},
  ): MiddlewareHandler => {
    if (target !== 'json' && target !== 'query' && target !== 'param') {
      throw new TypeError(
        `errata: validator target must be json, query or param; got ${String(target)}.`,
      );
    }
    if (typeof schema?.['~standard']?.validate !== 'function') {
      throw new TypeError('errata: validator needs a Standard Schema (Zod, Valibot, ArkType, …).');
    }
    const limit = validatorOptions.bodyLimit ?? settings.bodyLimit;
    checkBodyLimit(limit, 'validator bodyLimit');
    const repeated = validatorOptions.repeated ?? 'array';
    if (repeated !== 'array' && repeated !== 'last') {
      throw new TypeError(
        `errata: validator repeated must be 'array' or 'last'; got ${String(repeated)}.`,
      );
    }
    return async function errataValidator(c, next) {
      let value: unknown;
      if (target === 'json') {
        value = await readRequestJson(
          c.req.raw,
          limit,
          catalog,
          c.req.bodyCache as unknown as BodyCache,
        );
      } else if (target === 'query') {
        value = queryObject(c.req.url, repeated);
      } else {
        value = c.req.param();
      }
      const output = await validate(schema, value, catalog);
      c.req.addValidatedData(target, output as object);
      await next();
    };
  }) as HonoErrata['validator'];
}
