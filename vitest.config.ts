import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/no-leaks.ts'],
    // Type tests (test/**/*.test-d.ts) are checked by `tsc` in `npm test` (npm run typecheck),
    // once for the whole project, rather than by a second tsc run inside vitest.
    testTimeout: 20_000,
    // Most of the suite waits on sockets, child processes and Redis, so two workers keep both
    // cores busy (vitest's default here is one: cores - 1).
    maxWorkers: 2,
    // Test files share a worker's module graph: re-importing Fastify, Express, Hono and Zod for
    // each of 100+ files cost more CPU than all the tests themselves. What a file changes
    // globally is put back after it (below, and fake timers by each file's afterEach).
    isolate: false,
    unstubGlobals: true,
    unstubEnvs: true,
    restoreMocks: true,
  },
});
