// What the test suite needs beyond npm packages: a `redis-server` (the Redis store tests start
// their own on free ports), its `redis-cli` (the Redis Cluster tests join and reshard their
// cluster with it) and a Chromium (the HTML reference page is tested in a real browser).
// `npm test` runs this first. Where something is missing it installs Debian's packages when it
// can (root, or password-less sudo, and apt-get), else it stops at once with one line naming what
// is missing and the command that installs it. Nothing is ever skipped. The Bun, Deno and
// workerd runtimes (errata/fetch is tested under each) come with `npm ci`: the npm packages
// `bun`, `deno` and `workerd` carry their binaries; when they do not run, it stops at once too.
//
//   node scripts/test-env.mjs           check, install what is missing, print one line
//   node scripts/test-env.mjs --check   check only; exit 1 with the one line when something is missing
import { spawnSync } from 'node:child_process';
import { accessSync, constants, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The first executable file among `candidates` (absolute paths or names looked up on the PATH). */
function executable(candidates) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === '') continue;
    const paths = candidate.includes('/') ? [candidate] : dirs.map((dir) => join(dir, candidate));
    for (const path of paths) {
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {}
    }
  }
  return undefined;
}

/** The tools the suite needs: where each is found (or undefined) and the Debian package that has it. */
export function testTools() {
  return [
    {
      name: 'redis-server',
      debian: 'redis-server',
      env: 'REDIS_SERVER_PATH',
      path: executable([process.env.REDIS_SERVER_PATH, 'redis-server', '/usr/bin/redis-server']),
    },
    {
      name: 'redis-cli',
      debian: 'redis-tools',
      env: 'REDIS_CLI_PATH',
      path: executable([process.env.REDIS_CLI_PATH, 'redis-cli', '/usr/bin/redis-cli']),
    },
    {
      name: 'chromium',
      debian: 'chromium',
      env: 'CHROMIUM_PATH',
      path: executable([process.env.CHROMIUM_PATH, 'chromium', '/usr/bin/chromium']),
    },
  ];
}

/** The one line printed when tools are missing and cannot be installed here. */
export function missingLine(missing, why) {
  const names = missing.map((tool) => tool.name).join(' and ');
  const packages = missing.map((tool) => tool.debian).join(' ');
  return `errata tests need ${names}${why ? ` (${why})` : ''}: install with \`sudo apt-get install -y ${packages}\` or set ${missing.map((tool) => tool.env).join('/')}`;
}

/** How apt-get can be run here: [] as root, ['sudo', '-n'] with password-less sudo, else undefined. */
function privilege() {
  if (executable(['apt-get']) === undefined) return undefined;
  if (process.getuid?.() === 0) return [];
  if (executable(['sudo']) === undefined) return undefined;
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
    ? ['sudo', '-n']
    : undefined;
}

function install(missing, prefix) {
  const log = join(tmpdir(), 'errata-test-env-apt.log');
  const out = createWriteStream(log);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const packages = missing.map((tool) => tool.debian);
  process.stdout.write(
    `errata tests: installing ${packages.join(' ')} with apt-get (log: ${log})\n`,
  );
  for (const args of [
    ['apt-get', 'update', '-q'],
    ['apt-get', 'install', '-y', '-q', ...packages],
  ]) {
    const command = [...prefix, ...args];
    const run = spawnSync(command[0], command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    out.write(`$ ${command.join(' ')}\n${run.stdout ?? ''}${run.stderr ?? ''}\n`);
    if (run.status !== 0) {
      out.end();
      return `${args.slice(0, 2).join(' ')} failed, see ${log}`;
    }
  }
  out.end();
  return undefined;
}

/** The runtimes npm installs (devDependencies whose binaries ride in optional dependencies). */
const RUNTIMES = ['bun', 'deno', 'workerd'];

/** The one line naming the npm runtimes that do not run here, or undefined when both do. */
export function missingRuntimes() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const broken = RUNTIMES.filter((name) => {
    const run = spawnSync(join(root, 'node_modules', '.bin', name), ['--version'], {
      stdio: 'ignore',
      timeout: 30_000,
    });
    return run.status !== 0;
  });
  if (broken.length === 0) return undefined;
  return `errata tests need the ${broken.join(' and ')} runtime${broken.length > 1 ? 's' : ''} from npm: run \`npm ci\` (without --omit=optional: the binaries are optional dependencies of the ${broken.join('/')} package${broken.length > 1 ? 's' : ''})`;
}

/**
 * Make sure the suite's tools are here; returns the exit code and prints at most a line or two.
 * @example process.exitCode = ensureTestTools({ install: true });
 */
export function ensureTestTools({ install: mayInstall }) {
  const runtimes = missingRuntimes();
  if (runtimes !== undefined) {
    process.stderr.write(`${runtimes}\n`);
    return 1;
  }
  let missing = testTools().filter((tool) => tool.path === undefined);
  if (missing.length === 0) return 0;
  if (!mayInstall) {
    process.stderr.write(`${missingLine(missing)}\n`);
    return 1;
  }
  const prefix = privilege();
  if (prefix === undefined) {
    process.stderr.write(`${missingLine(missing, 'not root, no password-less sudo')}\n`);
    return 1;
  }
  const failed = install(missing, prefix);
  missing = testTools().filter((tool) => tool.path === undefined);
  // A failed apt-get step that still left every tool in place (say, `update` could not reach a
  // mirror but the packages were cached) is no reason to stop.
  if (missing.length > 0) {
    process.stderr.write(`${missingLine(missing, failed)}\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = ensureTestTools({ install: !process.argv.includes('--check') });
}
