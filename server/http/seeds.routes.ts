import type { Request } from 'express';
import { z } from 'zod';
import { SeedsResponse, SeedUploadResponse } from '../api-types.ts';
import { AppError } from '../errors.ts';
import type { SeedService } from '../services/seed-service.ts';
import { route } from './route-table.ts';

/** Uploads are Cypher text; bigger files belong in cypher/ and the CLI. */
export const SEED_UPLOAD_LIMIT = '10mb';

const UPLOAD_TYPES = ['text/plain', 'application/octet-stream'];

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const UploadQuery = z.object({
  name: z
    .string()
    .min(1, 'required: the seed file name, e.g. 30-more.cypher')
    .describe('The file name, e.g. 30-more.cypher'),
  dryRun: flag.default(false).describe('Validate and report; write nothing'),
  force: flag.default(false).describe('Re-apply a file whose checksum changed'),
});

/** The admin token from `Authorization: Bearer …`, if any. */
export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1];
}

/** True when the request carries the configured admin token (compared in constant time). */
export function hasAdminToken(seeds: SeedService, req: Request): boolean {
  try {
    seeds.authorizeUpload(bearerToken(req));
    return true;
  } catch {
    return false;
  }
}

/** Seed files: their status, and upload (admin token). */
export const seedRoutes = [
  route({
    method: 'get',
    path: '/seeds',
    summary: 'The seed files of cypher/ and whether each is applied',
    response: { schema: SeedsResponse, description: 'The files, in name order' },
    errors: [503],
    rateLimit: 'seeds',
    handle: (seeds: SeedService) => seeds.list(),
  }),
  route({
    method: 'post',
    path: '/seeds',
    summary: 'Upload a .cypher file and apply it (or only validate it, as a dry run)',
    query: UploadQuery,
    textBody: {
      mediaTypes: UPLOAD_TYPES,
      limit: SEED_UPLOAD_LIMIT,
      description: 'The Cypher text of the file (cypher-shell format understood)',
    },
    response: { schema: SeedUploadResponse, description: 'What was (or would be) applied' },
    errors: [401, 403, 503],
    rateLimit: 'seeds',
    security: 'adminToken',
    role: 'admin',
    audit: {
      action: 'seed-upload',
      describe: (req, answer) => {
        const file = (answer as SeedUploadResponse | undefined)?.file;
        return {
          target: typeof req.query.name === 'string' ? req.query.name : null,
          details: file
            ? {
                result: file.status,
                dryRun: file.dryRun,
                sha256: file.sha256,
                statements: file.statements,
                counters: file.counters,
              }
            : null,
        };
      },
    },
    // The token is checked before the body is read; with sign-in on, a signed-in admin
    // has already passed the role check.
    before: (seeds: SeedService) => [
      (req, res, next) => {
        if (res.locals.identity?.role !== 'admin') seeds.authorizeUpload(bearerToken(req));
        next();
      },
    ],
    handle: (seeds: SeedService, { query, text }, res) => {
      if (res.req.headers['content-type'] !== undefined && !res.req.is(UPLOAD_TYPES)) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the .cypher file as text/plain or application/octet-stream.',
          415,
        );
      }
      return seeds.upload({ text, ...query });
    },
  }),
];
