import express, { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { SeedService } from '../services/seed-service.ts';
import { validate } from './validation.ts';

/** Uploads are Cypher text; bigger files belong in cypher/ and the CLI. */
export const SEED_UPLOAD_LIMIT = '10mb';

const UPLOAD_TYPES = ['text/plain', 'application/octet-stream'];

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const UploadQuery = z.object({
  name: z.string().min(1, 'required: the seed file name, e.g. 30-more.cypher'),
  dryRun: flag.default(false),
  force: flag.default(false),
});

export function seedRoutes(seeds: SeedService): Router {
  const router = Router();

  router.get('/seeds', async (_req, res) => {
    res.json(await seeds.list());
  });

  router.post(
    '/seeds',
    // The token is checked before the body is read; with sign-in on, an admin may upload.
    (req, res, next) => {
      if (res.locals.identity?.role !== 'admin') {
        const header = req.get('authorization');
        const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
        seeds.authorizeUpload(match?.[1]);
      }
      next();
    },
    express.text({ type: UPLOAD_TYPES, limit: SEED_UPLOAD_LIMIT }),
    async (req, res) => {
      const query = validate(UploadQuery, req.query, 'query');
      if (req.headers['content-type'] !== undefined && !req.is(UPLOAD_TYPES)) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the .cypher file as text/plain or application/octet-stream.',
          415,
        );
      }
      const text = typeof req.body === 'string' ? req.body : '';
      res.json(await seeds.upload({ text, ...query }));
    },
  );

  return router;
}
