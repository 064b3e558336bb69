/** A tool the test suite needs, where it was found, and the Debian package that has it. */
export type TestTool = { name: string; debian: string; env: string; path: string | undefined };
/** The tools the suite needs: where each is found (or undefined). */
export function testTools(): TestTool[];
/** The one line printed when tools are missing and cannot be installed here. */
export function missingLine(missing: readonly TestTool[], why?: string): string;
/** Make sure the suite's tools are here; returns the exit code. */
export function ensureTestTools(options: { install: boolean }): number;
