import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A temporary directory and the way to remove it. */
export type TempDir = { dir: string; cleanup: () => Promise<void> };

/**
 * A fresh temporary directory (its own path: a module written there is never one loaded before)
 * holding `files`, name to text.
 * @example const { dir, cleanup } = await makeTempDir('errata-docs-', { 'errors.ts': source });
 */
export async function makeTempDir(
  prefix: string,
  files: Record<string, string> = {},
): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A temporary directory for the tests of the calling file or describe block: made before them,
 * removed after them. Read `dir` inside hooks and tests, not when the file is collected.
 * @example const tmp = useTempDir('errata-diff-'); it('…', () => join(tmp.dir, 'diff.json'));
 */
export function useTempDir(prefix: string): { readonly dir: string } {
  let made: TempDir | undefined;
  beforeAll(async () => {
    made = await makeTempDir(prefix);
  });
  afterAll(() => made?.cleanup());
  return {
    get dir() {
      if (made === undefined) throw new Error('useTempDir: the directory is made in beforeAll');
      return made.dir;
    },
  };
}
