import { Router } from 'express';
import { z } from 'zod';
import type { AuditService } from '../auth/audit-service.ts';
import { validate } from './validation.ts';

const AuditQuery = z.strictObject({
  user: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('ISO date-time, inclusive'),
  until: z.iso.datetime({ offset: true }).optional().describe('ISO date-time, inclusive'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** The audit trail, newest first, paged (admin only; the guard is mounted before). */
export function auditRoutes(audit: AuditService): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const filter = validate(AuditQuery, req.query, 'query');
    const { entries, total } = await audit.list(filter);
    const next = filter.offset + entries.length;
    res.json({ entries, total, nextOffset: next < total ? next : null });
  });
  return router;
}
