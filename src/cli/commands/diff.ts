import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

/** `errata diff` (being built). */
export const diff: Command = {
  name: 'diff',
  summary: '(being built)',
  help: 'errata diff: being built',
  run: async () => {
    throw new UsageError('errata diff: not available yet');
  },
};
