import type { Request, Response } from 'express';
import type { Actor } from '../services/investigation-access.ts';
import type { Report } from '../services/investigation-service.ts';

/**
 * Who an investigations request acts for: the signed-in user (or the admin token) when
 * sign-in is on, else the one local analyst. Never anything the request body says.
 */
export function actorOf(res: Response): Actor {
  const identity = res.locals.identity;
  return identity
    ? { kind: 'user', username: identity.username, role: identity.role }
    : { kind: 'local' };
}

/** The investigation an audited request was about: its `:id`. */
export function investigationTarget(req: Request): string | null {
  const id = (req.params as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

/** A report goes out as a download in its own media type. */
export function sendReport(res: Response, report: Report): string {
  res
    .status(200)
    .type(report.contentType)
    .set('Content-Disposition', `attachment; filename="${report.filename}"`)
    .send(report.body);
  return report.body;
}
