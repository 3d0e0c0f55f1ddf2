import { z } from 'zod';
import {
  PublishedInvestigationResponse,
  PublishedLinkResponse,
  ReportText,
  SharingResponse,
} from '../investigation-types.ts';
import type { InvestigationServices } from '../services/analyst-services.ts';
import { InvestigationParams, ReportQuery } from './investigation-schemas.ts';
import { actorOf, investigationTarget, sendReport } from './investigation-http.ts';
import { EmptyQuery } from './request-schemas.ts';
import { route, type RouteAudit } from './route-table.ts';

export const ShareBody = z.strictObject({
  access: z.enum(['read', 'edit']).describe('What every signed-in user may do with it'),
});

/** Any text: an unknown or malformed token is simply not found, never described. */
export const LinkParams = z.strictObject({ token: z.string().min(1).max(200) });

const LinkReportQuery = ReportQuery.omit({ version: true });

/** The investigation is the target; the details never hold the link's token. */
const audited = (action: string, details?: (body: unknown) => Record<string, unknown>) =>
  ({
    action,
    describe: (req) => ({
      target: investigationTarget(req),
      details: details ? details(req.body) : null,
    }),
  }) satisfies RouteAudit;

/**
 * Sharing an investigation (its owner or an admin, once sign-in is on; with sign-in off
 * these answer 404 AUTH_OFF) and what a published read-only link opens without a session.
 */
export const investigationSharingRoutes = [
  route({
    method: 'put',
    path: '/investigations/:id/sharing',
    role: 'analyst',
    audit: audited('investigation-share', (body) => ({
      access: (body as { access?: unknown } | undefined)?.access ?? null,
    })),
    summary: 'Share with every signed-in user, to read or to edit (owner or admin)',
    params: InvestigationParams,
    query: EmptyQuery,
    body: ShareBody,
    response: { schema: SharingResponse, description: 'Sharing as it now stands' },
    errors: [403, 404, 503],
    handle: (service: InvestigationServices, { params, body }, res) =>
      service.sharing.share(params.id, body.access, actorOf(res)),
  }),
  route({
    method: 'delete',
    path: '/investigations/:id/sharing',
    role: 'analyst',
    audit: audited('investigation-unshare'),
    summary: 'Make it private again: its owner (and admins) only',
    params: InvestigationParams,
    response: { schema: SharingResponse, description: 'Sharing as it now stands' },
    errors: [403, 404, 503],
    handle: (service: InvestigationServices, { params }, res) =>
      service.sharing.unshare(params.id, actorOf(res)),
  }),
  route({
    method: 'post',
    path: '/investigations/:id/link',
    role: 'analyst',
    audit: audited('investigation-publish'),
    summary:
      'Publish a read-only link (replacing any earlier one); its token is answered this once and stored only as a hash; answers 201',
    params: InvestigationParams,
    query: EmptyQuery,
    response: { schema: PublishedLinkResponse, description: 'The link' },
    errors: [403, 404, 503],
    handle: async (service: InvestigationServices, { params }, res) => {
      const link = await service.sharing.publish(params.id, actorOf(res));
      res.status(201).set('cache-control', 'no-store');
      return link;
    },
  }),
  route({
    method: 'delete',
    path: '/investigations/:id/link',
    role: 'analyst',
    audit: audited('investigation-revoke'),
    summary: 'Revoke the published link: it answers 404 from now on',
    params: InvestigationParams,
    response: { schema: SharingResponse, description: 'Sharing as it now stands' },
    errors: [403, 404, 503],
    handle: (service: InvestigationServices, { params }, res) =>
      service.sharing.revoke(params.id, actorOf(res)),
  }),
  route({
    method: 'get',
    path: '/published/:token',
    role: 'public',
    rateLimit: 'published',
    summary:
      'What a read-only link opens, without a session: the investigation, its notes and its scene’s graph; 404 once revoked',
    params: LinkParams,
    query: EmptyQuery,
    response: { schema: PublishedInvestigationResponse, description: 'The investigation' },
    errors: [404, 429, 503],
    handle: (service: InvestigationServices, { params }, res) => {
      res.set('cache-control', 'no-store');
      return service.sharing.open(params.token);
    },
  }),
  route({
    method: 'get',
    path: '/published/:token/report',
    role: 'public',
    rateLimit: 'published',
    summary: 'The briefing of a read-only link’s investigation',
    params: LinkParams,
    query: LinkReportQuery,
    response: {
      schema: ReportText,
      description: 'Markdown, or one self-contained HTML page (no script), as an attachment',
      mediaTypes: ['text/html', 'text/markdown'],
    },
    errors: [404, 429, 503],
    handle: async (service: InvestigationServices, { params, query }, res) =>
      sendReport(res, await service.sharing.report(params.token, query.format)),
  }),
];
