import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createJiti, type Jiti } from 'jiti';
import type { Catalog } from '../../catalog-types.js';
import { UsageError } from './usage-error.js';

/** Whether a module export is a catalog made by `defineCatalog` (of any copy of errata). */
export function isCatalog(value: unknown): value is Catalog {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof Catalog, unknown>>;
  return (
    Array.isArray(v.codes) &&
    typeof v.roles === 'object' &&
    typeof v.entries === 'function' &&
    typeof v.get === 'function' &&
    typeof v.error === 'function'
  );
}

let jiti: Jiti | undefined;

/**
 * The one loader of the process, made on first use. Its module cache is on: a CLI run loads one
 * catalog, and runs in one process (tests) load a module and errata's sources once, not once a
 * run; a module changed on disk is seen at a new path only. Its file cache stays off: jiti keeps
 * it in the shared OS temporary directory under names anyone can predict, so another user of
 * the machine could plant the "transpiled" code that `errata` then runs.
 */
function loader(): Jiti {
  jiti ??= createJiti(import.meta.url, { fsCache: false });
  return jiti;
}

/**
 * Import a catalog module (TypeScript or JavaScript, through jiti) and pick its catalog: the
 * export named by `--export`, else `default`, else the only catalog it exports. Anything else is
 * a usage error naming what was found.
 * @example const catalog = await loadCatalog('errata docs', 'src/errors.ts', undefined, process.cwd());
 */
export async function loadCatalog(
  command: string,
  file: string,
  exportName: string | undefined,
  cwd: string,
): Promise<Catalog> {
  const path = resolve(cwd, file);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw new UsageError(`${command}: no such catalog module: ${file}`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await loader().import(path)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${command}: cannot load ${file}: ${reason}`);
  }
  if (exportName !== undefined) {
    const picked = mod[exportName];
    if (!isCatalog(picked)) {
      throw new UsageError(`${command}: ${file} has no catalog export named ${exportName}`);
    }
    return picked;
  }
  if (isCatalog(mod.default)) return mod.default;
  const found = Object.keys(mod).filter((name) => isCatalog(mod[name]));
  if (found.length === 1) return mod[found[0] as string] as Catalog;
  if (found.length === 0) {
    throw new UsageError(`${command}: ${file} exports no catalog (made by defineCatalog)`);
  }
  throw new UsageError(
    `${command}: ${file} exports several catalogs (${found.join(', ')}); pick one with --export NAME`,
  );
}
