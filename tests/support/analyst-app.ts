import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { listen } from './test-app.ts';

/** The real HTTP app with the analyst API over `db`, listening on a loopback port. */
export function listenAnalystApp(
  db: Database,
  limits: { queryTimeoutMs: number; queryRowCap: number },
): ReturnType<typeof listen> {
  const services = createAnalystServices(db, limits);
  return listen(
    createApp({ logger: createLogger('silent'), health: new HealthService(db), ...services }),
  );
}
