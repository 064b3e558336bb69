import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Io } from './command.js';

/**
 * Write a command's result to `--out FILE` (directories created) or stdout. Text always ends with
 * one newline, so the same input gives byte-identical files.
 */
export async function emit(text: string, out: string | boolean | undefined, io: Io): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (typeof out !== 'string') {
    io.stdout(body);
    return;
  }
  const path = resolve(io.cwd, out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
}
