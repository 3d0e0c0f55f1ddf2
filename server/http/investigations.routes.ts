import { Router } from 'express';
import type { InvestigationService } from '../services/investigation-service.ts';
import {
  InvestigationCreateBody,
  InvestigationListQuery,
  InvestigationParams,
  InvestigationUpdateBody,
  InvestigationVersionParams,
  NoteCreateBody,
  NoteParams,
  NoteUpdateBody,
  ReportQuery,
} from './investigation-schemas.ts';
import { EmptyQuery } from './request-schemas.ts';
import { validate } from './validation.ts';

/** Saved investigations: versions, notes and the cited report. */
export function investigationRoutes(investigations: InvestigationService): Router {
  const router = Router();

  router.post('/investigations', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    const body = validate(InvestigationCreateBody, req.body, 'body');
    res.status(201).json(await investigations.create(body));
  });

  router.get('/investigations', async (req, res) => {
    const query = validate(InvestigationListQuery, req.query, 'query');
    res.json(await investigations.list(query.q));
  });

  router.get('/investigations/:id', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    const { id } = validate(InvestigationParams, req.params, 'path');
    res.json(await investigations.latest(id));
  });

  router.put('/investigations/:id', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    const { id } = validate(InvestigationParams, req.params, 'path');
    const body = validate(InvestigationUpdateBody, req.body, 'body');
    res.json(await investigations.update(id, body));
  });

  router.delete('/investigations/:id', async (req, res) => {
    const { id } = validate(InvestigationParams, req.params, 'path');
    res.json(await investigations.remove(id));
  });

  router.post('/investigations/:id/restore', async (req, res) => {
    const { id } = validate(InvestigationParams, req.params, 'path');
    res.json(await investigations.restore(id));
  });

  router.get('/investigations/:id/versions', async (req, res) => {
    const { id } = validate(InvestigationParams, req.params, 'path');
    res.json(await investigations.versions(id));
  });

  router.get('/investigations/:id/versions/:version', async (req, res) => {
    const { id, version } = validate(InvestigationVersionParams, req.params, 'path');
    res.json(await investigations.version(id, version));
  });

  router.post('/investigations/:id/notes', async (req, res) => {
    const { id } = validate(InvestigationParams, req.params, 'path');
    const body = validate(NoteCreateBody, req.body, 'body');
    res.status(201).json(await investigations.addNote(id, body.target, body.text));
  });

  router.patch('/investigations/:id/notes/:noteId', async (req, res) => {
    const { id, noteId } = validate(NoteParams, req.params, 'path');
    const body = validate(NoteUpdateBody, req.body, 'body');
    res.json(await investigations.updateNote(id, noteId, body.text));
  });

  router.delete('/investigations/:id/notes/:noteId', async (req, res) => {
    const { id, noteId } = validate(NoteParams, req.params, 'path');
    res.json(await investigations.deleteNote(id, noteId));
  });

  router.get('/investigations/:id/report', async (req, res) => {
    const { id } = validate(InvestigationParams, req.params, 'path');
    const query = validate(ReportQuery, req.query, 'query');
    const report = await investigations.report(id, query.format, query.version);
    res
      .status(200)
      .type(report.contentType)
      .set('Content-Disposition', `attachment; filename="${report.filename}"`)
      .send(report.body);
  });

  return router;
}
