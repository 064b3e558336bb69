import { z } from 'zod';
import { idempotencyRoles } from '../../src/base-catalog.js';
import type { IdempotencyOptions } from '../../src/idempotency/index.js';
import { defineCatalog } from '../../src/index.js';

/** The catalog of every adapter's idempotency test app: errata's three roles opted in. */
export const catalog = defineCatalog({
  typeBase: 'https://api.test/errors/',
  errors: {
    thing_not_found: {
      status: 404,
      title: 'Thing not found',
      details: z.object({ id: z.string() }),
      message: (d: { id: string }) => `No thing ${d.id}.`,
    },
  },
  roles: { ...idempotencyRoles },
});

/** What the test app's handlers share with the test: how often each ran, and a gate. */
export type Effects = {
  /** Runs of every handler (the writes that must happen once). */
  runs: number;
  /** The things `POST /things` made, in order. */
  made: string[];
  /** `POST /slow` waits on this before answering. */
  gate: Promise<void>;
};

/** Fresh effects with an open or closed gate; `open()` lets `POST /slow` answer. */
export function effects(): Effects & { open(): void } {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { runs: 0, made: [], gate, open: () => open() };
}

/**
 * What each adapter's test app does, errors rendered in the `problem` format with
 * `x-request-id` ids, the middleware built from `options` (plus `catalog`) over every route:
 * - `POST /things`: JSON body `{ name }`; records it, answers 201 `{ n, name }` with `x-thing: n`;
 * - `POST /missing`: throws `thing_not_found` (404, details `{ id: 'x' }`);
 * - `POST /boom`: throws a plain Error (500);
 * - `POST /slow`: waits for `effects.gate`, then answers 201 `{ slow: true }`;
 * - `POST /big`: answers 200 with a body of `n` bytes `'x'` (`?n=`);
 * - `GET /things`: 200 `{ made }` (not covered: GET is not a covered method).
 * Every handler but GET counts `effects.runs` when it starts.
 */
export type StartIdempotent = (setup: {
  options: Omit<IdempotencyOptions, 'catalog'>;
  effects: Effects;
}) => Promise<{ url: string; close(): Promise<void> }>;

/** The handlers' shared logic, so every adapter's app answers the same. */
export const handlers = {
  things(effects: Effects, body: unknown) {
    effects.runs++;
    const name =
      typeof body === 'object' && body !== null && 'name' in body ? String(body.name) : '';
    effects.made.push(name);
    return {
      status: 201,
      headers: { 'x-thing': String(effects.made.length) },
      body: { n: effects.made.length, name },
    };
  },
  missing(effects: Effects): never {
    effects.runs++;
    throw catalog.error('thing_not_found', { id: 'x' });
  },
  boom(effects: Effects): never {
    effects.runs++;
    throw new Error('db at 10.0.0.7 is down');
  },
  async slow(effects: Effects) {
    effects.runs++;
    await effects.gate;
    return { status: 201, body: { slow: true } };
  },
  big(effects: Effects, n: number) {
    effects.runs++;
    return { status: 200, body: 'x'.repeat(n) };
  },
};
