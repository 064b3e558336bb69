// This machine's npm registry serves only the Linux builds of platform-specific packages, so
// `npm install` leaves the other platforms' optional dependencies out of package-lock.json, and
// `npm ci` (npm 11) then refuses the lock as out of sync ("Missing: … from lock file").
// Recording each missing optional dependency as an optional entry with its version makes the
// lock complete again; npm skips the entries it cannot use on the current platform.
// Run after every `npm install`: node scripts/lock-optional-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [where, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    // Resolution walks up node_modules folders, as Node does.
    const base = where === '' ? '' : `${where}/`;
    const candidates = [`${base}node_modules/${name}`];
    let dir = where;
    while (dir.includes('node_modules/')) {
      dir = dir.slice(0, dir.lastIndexOf('node_modules/')).replace(/\/$/, '');
      candidates.push(`${dir === '' ? '' : `${dir}/`}node_modules/${name}`);
    }
    if (candidates.some((c) => packages[c] !== undefined)) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) continue;
    packages[`node_modules/${name}`] = {
      version: spec,
      dev: entry.dev === true || undefined,
      optional: true,
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: recorded ${added} optional platform entries`);
