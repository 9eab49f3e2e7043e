/**
 * A wrong setting or a database this code cannot serve: one clear line and exit code 1, not a stack
 * trace (the server, api/main.ts, and npm start, scripts/start.ts).
 */
export function cannotStart(error: unknown): never {
  console.error(`Traject cannot start: ${(error as Error).message}`);
  process.exit(1);
}
