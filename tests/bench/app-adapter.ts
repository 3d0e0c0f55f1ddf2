import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { listen } from '../support/test-app.ts';
import type { BenchContext } from './bench-context.ts';

export interface BenchApp {
  url: string;
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** The real HTTP app, wired as server/main.ts wires it, on a loopback port. */
export async function startBenchApp(ctx: BenchContext): Promise<BenchApp> {
  const logger = createLogger('silent');
  const app = createApp({
    logger,
    health: new HealthService(ctx.db),
    ...createAnalystServices(ctx.db, { queryTimeoutMs: 10_000, queryRowCap: 1_000, logger }),
    // The benchmark measures latency, not the limiter.
    consoleRateLimit: 1_000_000,
    rateLimits: { data: 1_000_000 },
  });
  const server = await listen(app);
  const check = async (response: Response) => {
    const body = await response.json();
    if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  };
  return {
    url: server.url,
    get: async (path) => check(await fetch(`${server.url}${path}`)),
    post: async (path, body) =>
      check(
        await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    close: server.close,
  };
}
