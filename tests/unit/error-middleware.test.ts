import express from 'express';
import { describe, expect, it } from 'vitest';
import { errorMiddleware } from '../../server/http/error-middleware.ts';
import { capturedLog } from '../support/captured-log.ts';
import { listen } from '../support/test-app.ts';

const TOKEN = 'Zx9-a-read-only-link-token-0123456789abcdefg';

describe('the error middleware', () => {
  it('when an unexpected error escapes a read-only link route, then the log names the route and never the token', async () => {
    const { logger, lines } = capturedLog();
    const app = express();
    // A failure that is no AppError: the middleware's last branch, a logged 500.
    app.get(['/api/published/:token', '/api/published/:token/report'], () => {
      throw new Error('the investigation could not be rendered');
    });
    app.use(errorMiddleware(logger));
    const server = await listen(app);
    try {
      const statuses = [
        (await fetch(`${server.url}/api/published/${TOKEN}`)).status,
        (await fetch(`${server.url}/api/published/${TOKEN}/report?format=md`)).status,
      ];
      expect(statuses).toEqual([500, 500]);
    } finally {
      await server.close();
    }
    const log = lines.join('');
    expect(log).toContain('"path":"/api/published/[redacted]"');
    expect(log).toContain('"path":"/api/published/[redacted]/report"');
    expect(log).toContain('the investigation could not be rendered');
    expect(log).not.toContain(TOKEN);
  });
});
