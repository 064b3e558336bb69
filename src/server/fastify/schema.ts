import type {
  FastifyReply,
  FastifyRequest,
  FastifyTypeProvider,
  HookHandlerDoneFunction,
  RouteOptions,
} from 'fastify';
import type { Catalog } from '../../catalog-types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import { issuesToFields } from '../validate.js';

// Standard Schemas (Zod, Valibot, ArkType, …) in a Fastify route's `schema`: the onRoute hook of
// errata/fastify takes them out of the schema Fastify compiles with AJV and validates them in a
// preValidation hook of that route instead, so JSON Schema routes keep AJV untouched.

/**
 * Type provider for routes whose `schema` parts are Standard Schemas: `request.body`,
 * `request.query`, `request.params` and `request.headers` get the schemas' output types.
 * @example
 * app.withTypeProvider<StandardSchemaProvider>().put(
 *   '/v1/secrets/:name',
 *   { schema: { body: z.object({ value: z.string() }) } },
 *   async (request) => request.body.value, // string
 * );
 */
export interface StandardSchemaProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends StandardSchemaV1<unknown, infer Output>
    ? Output
    : unknown;
  readonly serializer: this['schema'] extends StandardSchemaV1<infer Input, unknown>
    ? Input
    : unknown;
}

/** Whether a value is a Standard Schema (an object or function with a `~standard` validate). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: { validate?: unknown } })['~standard'];
  return typeof props === 'object' && props !== null && typeof props.validate === 'function';
}

type RequestPart = 'params' | 'body' | 'query' | 'headers';

/** Schema keys in the order Fastify validates them, and the request property each one checks. */
const PARTS: readonly (readonly [key: string, part: RequestPart])[] = [
  ['params', 'params'],
  ['body', 'body'],
  ['querystring', 'query'],
  ['query', 'query'],
  ['headers', 'headers'],
];

type Check = { part: RequestPart; schema: StandardSchemaV1 };

type PreValidation = (
  this: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
) => void;

/**
 * The preValidation hook validating the Standard Schema parts of a route; the route's `schema`
 * is replaced (never mutated: Fastify's automatic HEAD route shares it) by one without them.
 * Returns undefined when the route has none. Throws a TypeError at start-up for Standard
 * Schemas as response schemas, which Fastify could only hand to fast-json-stringify.
 */
export function takeStandardSchemas(
  route: RouteOptions,
  catalog: Catalog,
): PreValidation | undefined {
  const schema = route.schema as Record<string, unknown> | undefined;
  if (schema === undefined || schema === null || typeof schema !== 'object') return undefined;
  const response = schema.response as Record<string, unknown> | undefined;
  if (typeof response === 'object' && response !== null) {
    for (const status of Object.keys(response)) {
      if (isStandardSchema(response[status])) {
        throw new TypeError(
          `errata: ${String(route.method)} ${route.url}: response schema ${status} is a Standard Schema; response schemas must be JSON Schemas (Fastify serializes with them).`,
        );
      }
    }
  }
  const checks: Check[] = [];
  let rest: Record<string, unknown> | undefined;
  for (const [key, part] of PARTS) {
    const candidate = schema[key];
    if (!isStandardSchema(candidate)) continue;
    checks.push({ part, schema: candidate });
    rest ??= { ...schema };
    delete rest[key];
  }
  if (rest === undefined) return undefined;
  route.schema = rest;
  const attach = route.attachValidation === true;

  return function standardSchemaValidation(request, _reply, done) {
    const target = request as unknown as Record<RequestPart, unknown> & {
      validationError?: Error;
    };
    // Returns whether to go on with the next part.
    const apply = (check: Check, result: StandardSchemaV1.Result<unknown>): boolean => {
      if (result.issues === undefined) {
        target[check.part] = result.value;
        return true;
      }
      const error = catalog.roleError('validation_error', {
        fields: issuesToFields(result.issues),
      });
      if (attach) {
        target.validationError = error;
        done();
      } else done(error);
      return false;
    };
    const run = (from: number): void => {
      for (let i = from; i < checks.length; i++) {
        const check = checks[i] as Check;
        let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
        try {
          result = check.schema['~standard'].validate(target[check.part]);
        } catch (error) {
          done(error as Error);
          return;
        }
        if (result instanceof Promise) {
          result.then(
            (settled) => {
              if (apply(check, settled)) run(i + 1);
            },
            (error: unknown) => done(error as Error),
          );
          return;
        }
        if (!apply(check, result)) return;
      }
      done();
    };
    run(0);
  };
}
