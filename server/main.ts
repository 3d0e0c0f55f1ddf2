import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAuth } from './auth/create-auth.ts';
import { resolveSecret } from './auth/secret.ts';
import { loadConfigOrExplain } from './config.ts';
import { provideDatabase, type ProvidedDatabase } from './db/provide-database.ts';
import { createApp } from './http/app.ts';
import { createLogger } from './logger.ts';
import { EmbeddedNeo4jError } from './neo4j/launcher.ts';
import { createAnalystServices } from './services/analyst-services.ts';
import { HealthService } from './services/health-service.ts';
import { SeedService } from './services/seed-service.ts';

const clientDir = fileURLToPath(new URL('../client/dist', import.meta.url));
const cypherDir = fileURLToPath(new URL('../cypher', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfigOrExplain();
  if (!config) process.exit(2);
  const logger = createLogger(config.logLevel);
  if (config.auth.warning) logger.warn(config.auth.warning);

  // Filled in as start-up proceeds, so a signal at any point shuts down what exists.
  const running: { provided?: ProvidedDatabase; server?: Server } = {};
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const { server, provided } = running;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await provided?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    running.provided = await provideDatabase(config, logger);
  } catch (error) {
    if (error instanceof EmbeddedNeo4jError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { db } = running.provided;

  const analyst = createAnalystServices(db, {
    queryTimeoutMs: config.queryTimeoutMs,
    queryRowCap: config.queryRowCap,
    logger,
  });
  const seeds = new SeedService(db, { cypherDir, adminToken: config.adminToken, logger });
  if (config.seedOnStart) {
    // A failing file is logged with its file:line:col; the app still starts.
    await seeds.applyPending().catch((error: unknown) => {
      logger.error({ err: error }, 'seed files could not be applied');
    });
  }
  const auth =
    config.auth.mode === 'local'
      ? await createAuth(
          db,
          { ...config.auth, secret: resolveSecret(config.auth.secret, config.embedded.homeDir) },
          { adminToken: config.adminToken, logger },
        )
      : undefined;
  const app = createApp({
    logger,
    health: new HealthService(db, { warnings: config.auth.warning ? [config.auth.warning] : [] }),
    auth,
    trustProxy: config.auth.trustProxy,
    ...analyst,
    seeds,
    clientDir,
    corsOrigin: config.corsOrigin,
    consoleRateLimit: config.consoleRateLimit,
  });
  running.server = app.listen(config.port, config.host, () => {
    logger.info(
      { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}` },
      'Entente is up',
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
