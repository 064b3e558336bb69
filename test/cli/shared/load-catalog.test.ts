import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/cli/shared/load-catalog.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const ERRATA = JSON.stringify(resolve('src/index.ts'));

/** A catalog module with one code of the given status. */
const module = (status: number) =>
  `import { defineCatalog } from ${ERRATA};\nexport default defineCatalog({ errors: { thing: { status: ${status}, title: 'Thing' } } });\n`;

describe('loadCatalog', { timeout: 60_000 }, () => {
  it('loads a module once a process: a second run gets the same catalog', async () => {
    const { dir, cleanup } = await makeTempDir('errata-load-', { 'errors.ts': module(404) });
    try {
      const first = await loadCatalog('errata test', 'errors.ts', undefined, dir);
      const second = await loadCatalog('errata test', resolve(dir, 'errors.ts'), undefined, '/');
      expect(second).toBe(first);
      expect(first.get('thing')?.status).toBe(404);
    } finally {
      await cleanup();
    }
  });

  it('loads a module written at a new path afresh', async () => {
    const one = await makeTempDir('errata-load-', { 'errors.ts': module(409) });
    const two = await makeTempDir('errata-load-', { 'errors.ts': module(410) });
    try {
      const a = await loadCatalog('errata test', 'errors.ts', undefined, one.dir);
      const b = await loadCatalog('errata test', 'errors.ts', undefined, two.dir);
      expect([a.get('thing')?.status, b.get('thing')?.status]).toEqual([409, 410]);
    } finally {
      await Promise.all([one.cleanup(), two.cleanup()]);
    }
  });

  it('names the module and the reason when it cannot be loaded', async () => {
    const { dir, cleanup } = await makeTempDir('errata-load-', {
      'broken.ts': "throw new Error('boom at load');\n",
    });
    try {
      await expect(loadCatalog('errata test', 'broken.ts', undefined, dir)).rejects.toThrow(
        /^errata test: cannot load broken\.ts: .*boom at load/,
      );
    } finally {
      await cleanup();
    }
  });
});
