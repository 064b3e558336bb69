import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

/** `errata check` (being built). */
export const check: Command = {
  name: 'check',
  summary: '(being built)',
  help: 'errata check: being built',
  run: async () => {
    throw new UsageError('errata check: not available yet');
  },
};
