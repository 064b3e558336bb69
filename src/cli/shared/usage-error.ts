/** A command line that cannot be run: exit 2 with this one-line reason. */
export class UsageError extends Error {
  override name = 'UsageError';
}
