import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

/** `errata openapi` (being built). */
export const openapi: Command = {
  name: 'openapi',
  summary: '(being built)',
  help: 'errata openapi: being built',
  run: async () => {
    throw new UsageError('errata openapi: not available yet');
  },
};
