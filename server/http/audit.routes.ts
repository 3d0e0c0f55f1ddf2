import { z } from 'zod';
import { AuditResponse } from '../api-types.ts';
import type { Auth } from '../auth/create-auth.ts';
import { AppError } from '../errors.ts';
import { route } from './route-table.ts';

const AuditQuery = z.strictObject({
  user: z.string().min(1).max(200).optional().describe('Only this user’s entries'),
  action: z.string().min(1).max(100).optional().describe('Only this action, e.g. sign-in'),
  since: z.iso.datetime({ offset: true }).optional().describe('ISO date-time, inclusive'),
  until: z.iso.datetime({ offset: true }).optional().describe('ISO date-time, inclusive'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** The audit trail, newest first, paged (admin; kept only while sign-in is on). */
export const auditRoutes = [
  route({
    method: 'get',
    path: '/audit',
    summary: 'The audit trail: who did what, when, from where (newest first, paged)',
    query: AuditQuery,
    response: { schema: AuditResponse, description: 'One page of entries' },
    errors: [401, 403, 404, 503],
    role: 'admin',
    handle: async (auth: Auth | undefined, { query }) => {
      if (!auth) {
        throw new AppError('AUTH_OFF', 'There is no audit trail while sign-in is off.', 404);
      }
      const { entries, total } = await auth.audit.list(query);
      const next = query.offset + entries.length;
      return { entries, total, nextOffset: next < total ? next : null };
    },
  }),
];
