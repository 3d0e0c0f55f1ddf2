import type { RequestHandler, Request } from 'express';
import type { AuditService } from './audit-service.ts';
import { clientAddress } from './role-guard.ts';

export interface AuditedOutcome {
  target: string | null;
  details: Record<string, unknown> | null;
}

/**
 * Records one entry per request once the answer is sent: who, what, on what, the status,
 * and details drawn from the request and the answer by `describe`.
 */
export function auditTrail(
  audit: AuditService,
  {
    action,
    describe,
  }: { action: string; describe: (req: Request, answer: unknown, ms: number) => AuditedOutcome },
): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // Once a route fails, Express has left it and `req.params` is empty: keep this route's.
    const params = req.params;
    let answer: unknown;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      answer = body;
      return json(body);
    };
    res.on('finish', () => {
      req.params = params;
      const ok = res.statusCode < 400;
      const { target, details } = describe(
        req,
        ok ? answer : undefined,
        performance.now() - started,
      );
      const code = ok
        ? undefined
        : (answer as { error?: { code?: string } } | undefined)?.error?.code;
      void audit.record({
        user: res.locals.identity?.username ?? 'anonymous',
        action,
        target,
        outcome: ok ? 'success' : 'failure',
        ip: clientAddress(req),
        details: { ...details, httpStatus: res.statusCode, ...(code ? { code } : {}) },
      });
    });
    next();
  };
}
