import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

/** `errata snapshot` (being built). */
export const snapshot: Command = {
  name: 'snapshot',
  summary: '(being built)',
  help: 'errata snapshot: being built',
  run: async () => {
    throw new UsageError('errata snapshot: not available yet');
  },
};
