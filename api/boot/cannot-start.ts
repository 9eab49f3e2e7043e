/**
 * A wrong setting or a database this code cannot serve: one clear line and exit code 1, not a stack
 * trace (the server, api/main.ts, and npm start, scripts/start.ts).
 */
export function cannotStart(error: unknown): never {
  console.error(`Traject cannot start: ${(error as Error).message}`);
  process.exit(1);
}

/** What `step` returns, or cannotStart with its error: for the steps of starting that a setting can break. */
export function orCannotStart<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    return cannotStart(error);
  }
}
