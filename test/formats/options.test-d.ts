import { expectTypeOf, test } from 'vitest';
import {
  defineCatalog,
  defineFormat,
  type Format,
  formats,
  type ProblemFormat,
  type ProblemOptions,
  type SuccessFormat,
} from '../../src/index.js';

test('.with is typed per format and returns the same kind of format', () => {
  const problem = formats.problem.with({ members: { code: false }, type: 'about:blank' });
  expectTypeOf(problem).toEqualTypeOf<ProblemFormat>();
  expectTypeOf(problem).toMatchTypeOf<Format>();
  expectTypeOf(problem.with({ retryAfter: 'retry_after' })).toEqualTypeOf<ProblemFormat>();
  expectTypeOf(problem.options).toMatchTypeOf<Readonly<ProblemOptions>>();
  expectTypeOf(formats.success.with({ timestamp: 'seconds' })).toEqualTypeOf<SuccessFormat>();

  // @ts-expect-error: not a problem type strategy
  formats.problem.with({ type: 'url' });
  // @ts-expect-error: success has no `type` option
  formats.success.with({ type: 'code' });
  // @ts-expect-error: envelope members are keyed by their default names
  formats.envelope.with({ members: { requestId: 'x' } });
  // @ts-expect-error: the message member cannot be left out
  formats.message.with({ members: { message: false } });
  // @ts-expect-error: google detail entries can only be left out
  formats.google.with({ members: { RequestInfo: 'Req' } });
  // @ts-expect-error: a timestamp precision is a word
  formats.success.with({ timestamp: 'ms' });
});

test('configured and custom formats are accepted wherever a Format is', () => {
  const custom = defineFormat({
    name: 'acme',
    contentType: 'application/json',
    render: (error) => ({ status: error.status, headers: {}, body: '{}' }),
    parse: () => undefined,
    schema: () => ({ type: 'object' }),
    guide: {
      summary: 's',
      code: 'c',
      message: 'm',
      fields: 'f',
      details: 'd',
      requestId: 'r',
      carriesCode: true,
    },
  });
  expectTypeOf(custom).toEqualTypeOf<Format>();
  defineCatalog({ format: custom, errors: {} });
  defineCatalog({
    format: formats.envelope.with({ members: { request_id: 'requestId' } }),
    errors: {},
  });
  // @ts-expect-error: schema is required
  defineFormat({
    name: 'x',
    contentType: 'a/b',
    render: custom.render,
    parse: custom.parse,
    guide: custom.guide,
  });
});
