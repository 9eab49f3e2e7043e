/**
 * The server process: `node api/main.ts` (one of a fleet, or the embedded one). It takes its
 * settings from the environment (api/config.ts) and stops on SIGTERM after draining.
 *
 * The hook that spares Node parsing a dependency's package.json for every file is registered
 * first, so it is in place before the server's modules load (api/boot/esm-package-scopes.ts).
 */
import './boot/esm-package-scopes.ts';

const { loadConfig } = await import('./config.ts');
const { createLogger } = await import('./http/logger.ts');
const { startServer, stopOnSignals } = await import('./server.ts');
const { cannotStart } = await import('./boot/cannot-start.ts');

try {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const running = await startServer(config, log);
  log({ msg: 'listening', url: running.url });
  stopOnSignals(running, log);
} catch (error) {
  cannotStart(error);
}
