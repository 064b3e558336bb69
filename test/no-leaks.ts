import { afterAll, expect } from 'vitest';

// Test files share a worker (vitest.config.ts: isolate false). A prototype-pollution test that
// regressed would poison every later file in the worker; fail the file that did it instead.
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype];
const before = PROTOTYPES.map((p) => Reflect.ownKeys(p).length);

afterAll(() => {
  expect(
    PROTOTYPES.map((p) => Reflect.ownKeys(p).length),
    'a built-in prototype gained properties in this file',
  ).toEqual(before);
});
