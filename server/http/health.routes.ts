import { HealthResponse } from '../api-types.ts';
import type { HealthService } from '../services/health-service.ts';
import { route } from './route-table.ts';

export const healthRoutes = [
  route({
    method: 'get',
    path: '/health',
    summary: 'Whether Neo4j answers',
    response: { schema: HealthResponse, description: 'Healthy' },
    alsoAnswers: [{ status: 503, description: 'Neo4j is unreachable' }],
    errors: [],
    role: 'public',
    handle: async (health: HealthService, _input, res) => {
      const report = await health.check();
      res.status(report.status === 'ok' ? 200 : 503);
      return report;
    },
  }),
];
