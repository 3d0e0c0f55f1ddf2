import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAuth } from './auth/create-auth.ts';
import { OidcClient, OidcDiscoveryError } from './auth/oidc-client.ts';
import { resolveSecret } from './auth/secret.ts';
import { loadConfigOrExplain } from './config.ts';
import { provideDatabase, type ProvidedDatabase } from './db/provide-database.ts';
import { createApp } from './http/app.ts';
import { createLogger } from './logger.ts';
import { EmbeddedNeo4jError } from './neo4j/launcher.ts';
import { createAnalystServices } from './services/analyst-services.ts';
import { HealthService } from './services/health-service.ts';
import { SeedService } from './services/seed-service.ts';
import { warmUp } from './services/warm-up.ts';
import { startupReport } from './startup-report.ts';

// Relative to this file, which is server/main.ts or its compiled twin dist/main.js.
const clientDir = fileURLToPath(new URL('../client/dist', import.meta.url));
const cypherDir = fileURLToPath(new URL('../cypher', import.meta.url));

/** Why the port cannot be listened on (busy, not allowed), or undefined when it is free. */
function portProblem(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

function portMessage(port: number, host: string, code: string): string {
  return code === 'EADDRINUSE'
    ? `Port ${port} on ${host} is already in use. Stop what listens there, or set PORT to another port (e.g. PORT=${port + 1} npm start).`
    : `Cannot listen on ${host}:${port} (${code}). Set PORT and HOST to an address this machine may use.`;
}

async function main(): Promise<void> {
  const config = loadConfigOrExplain();
  if (!config) process.exit(2);
  const logger = createLogger(config.logLevel);
  const startedAt = Date.now();
  let phaseAt = startedAt;
  /** One log line per start-up phase, with its duration. */
  const phaseDone = (phase: string, extra: Record<string, unknown> = {}) => {
    const now = Date.now();
    logger.info({ phase, ms: now - phaseAt, ...extra }, `start-up: ${phase} (${now - phaseAt} ms)`);
    phaseAt = now;
  };
  if (config.auth.warning) logger.warn(config.auth.warning);

  // Filled in as start-up proceeds, so a signal at any point shuts down what exists.
  const running: {
    provided?: ProvidedDatabase;
    starting?: Promise<unknown>;
    server?: Server;
  } = {};
  const startup = new AbortController();
  let shuttingDown = false;
  const shutdown = async (reason: string, exitCode = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ reason }, 'shutting down');
    // A signal while Neo4j is still starting stops it too: no JVM is left behind.
    startup.abort();
    await running.starting?.catch(() => undefined);
    const { server, provided } = running;
    await new Promise<void>((resolve) =>
      server?.listening ? server.close(() => resolve()) : resolve(),
    );
    await provided?.close();
    logger.info('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // A busy port is known in a millisecond; finding out after Neo4j started costs seconds.
  const problem = await portProblem(config.port, config.host);
  if (problem) {
    console.error(portMessage(config.port, config.host, problem));
    process.exit(1);
  }

  // The provider is asked first: a wrong issuer is known before Neo4j spends seconds starting.
  let oidc: { client: OidcClient; settings: NonNullable<typeof config.auth.oidc> } | undefined;
  if (config.auth.oidc) {
    try {
      const settings = config.auth.oidc;
      const client = await OidcClient.discover(settings, {
        attempts: 6,
        firstDelayMs: 1_000,
        logger,
        signal: startup.signal,
      });
      oidc = { client, settings };
      phaseDone('oidc discovery', { issuer: settings.issuer });
    } catch (error) {
      if (shuttingDown) return;
      if (error instanceof OidcDiscoveryError) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    }
  }

  try {
    const starting = provideDatabase(config, logger, startup.signal);
    running.starting = starting;
    running.provided = await starting;
    if (shuttingDown) return;
  } catch (error) {
    if (shuttingDown) return;
    if (error instanceof EmbeddedNeo4jError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { db } = running.provided;
  phaseDone('database', { embedded: running.provided.embedded !== undefined });

  const analyst = createAnalystServices(db, {
    queryTimeoutMs: config.queryTimeoutMs,
    queryRowCap: config.queryRowCap,
    queryMaxBytes: config.queryMaxBytes,
    logger,
  });
  const seeds = new SeedService(db, { cypherDir, adminToken: config.adminToken, logger });
  if (config.seedOnStart) {
    // A failing file is logged with its file:line:col; the app still starts.
    await seeds.applyPending().catch((error: unknown) => {
      logger.error({ err: error }, 'seed files could not be applied');
    });
    phaseDone('seed files');
  }
  // Its own services with a generous time limit: a cold plan on a busy machine can take
  // longer than a request may, and a plan stopped half-way is not cached.
  await warmUp(
    createAnalystServices(db, {
      queryTimeoutMs: 120_000,
      queryRowCap: 10,
      queryMaxBytes: config.queryMaxBytes,
    }),
  );
  phaseDone('query warm-up');

  const auth =
    config.auth.mode === 'off'
      ? undefined
      : await createAuth(
          db,
          { ...config.auth, secret: resolveSecret(config.auth.secret, config.embedded.homeDir) },
          { adminToken: config.adminToken, logger, oidc },
        );
  const app = createApp({
    logger,
    health: new HealthService(db, { warnings: config.auth.warning ? [config.auth.warning] : [] }),
    auth,
    ...analyst,
    seeds,
    clientDir,
    corsOrigin: config.corsOrigin,
    consoleRateLimit: config.consoleRateLimit,
    rateLimits: { data: config.dataRateLimit },
    trustProxy: config.trustProxy,
    allowedHosts: config.allowedHosts,
  });
  const server = app.listen(config.port, config.host);
  running.server = server;
  server.once('error', (error: NodeJS.ErrnoException) => {
    // Taken meanwhile by another process: say so and stop the Neo4j this process started.
    console.error(portMessage(config.port, config.host, error.code ?? error.message));
    void shutdown(`cannot listen on port ${config.port}`, 1);
  });
  server.once('listening', () => {
    phaseDone('listen');
    const report = startupReport(server.address() as AddressInfo, config.allowedHosts);
    for (const warning of report.warnings) logger.warn(warning);
    logger.info({ url: report.url, ms: Date.now() - startedAt }, 'Entente is up');
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
