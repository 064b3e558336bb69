import { missingLine, testTools } from '../scripts/test-env.mjs';

/**
 * Runs once before any test file: a run started as `npx vitest` (not `npm test`, which installs
 * what is missing) stops here with the one line naming what is missing, rather than failing
 * file by file or skipping.
 */
export default function setup(): void {
  const tools = testTools();
  const missing = tools.filter((tool) => tool.path === undefined);
  if (missing.length > 0) throw new Error(missingLine(missing));
  // Test files find the tools through these, whatever PATH their workers get.
  for (const tool of tools) process.env[tool.env] = tool.path;
}
