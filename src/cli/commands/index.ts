import type { Command } from '../command.js';
import { check } from './check.js';
import { diff } from './diff.js';
import { docs } from './docs.js';
import { openapi } from './openapi.js';
import { snapshot } from './snapshot.js';

/** Every subcommand, in `errata --help` order; each lives in its own file. */
export const commands: readonly Command[] = [docs, openapi, snapshot, diff, check];
