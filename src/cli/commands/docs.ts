import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

/** `errata docs` (being built). */
export const docs: Command = {
  name: 'docs',
  summary: '(being built)',
  help: 'errata docs: being built',
  run: async () => {
    throw new UsageError('errata docs: not available yet');
  },
};
