import { z } from 'zod';
import type { ErrorInfo } from '../../src/server/settings.js';

// What the tests of every adapter share; each adapter's fixtures.ts builds its catalog on these.

/** The `typeBase` of every adapter's test catalog. */
export const TYPE_BASE = 'https://api.test/errors/';

/** The catalog entry every adapter's tests raise: a 404 whose message uses its details. */
export const thingNotFound = {
  status: 404,
  title: 'Thing not found',
  details: z.object({ id: z.string() }),
  message: (d: { id: string }) => `No thing ${d.id}.`,
};

/** An `onError` that records what it heard. */
export function collectErrors() {
  const seen: { error: unknown; info: ErrorInfo }[] = [];
  const onError = (error: unknown, info: ErrorInfo) => {
    seen.push({ error, info });
  };
  return { seen, onError };
}
