import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Type tests (test/**/*.test-d.ts) are checked by `tsc` in `npm test` (npm run typecheck),
    // once for the whole project, rather than by a second tsc run inside vitest.
    testTimeout: 20_000,
  },
});
