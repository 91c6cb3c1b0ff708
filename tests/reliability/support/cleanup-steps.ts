/**
 * Runs every cleanup step even when one fails (a desk that will not close must not leave
 * the server running or the database undropped), then throws the first failure.
 */
export async function cleanUp(steps: readonly (() => Promise<unknown> | undefined)[]) {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} cleanup step(s) failed`);
  }
}
