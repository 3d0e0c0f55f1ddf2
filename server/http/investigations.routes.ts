import {
  DeletedResponse,
  InvestigationListResponse,
  InvestigationNote,
  InvestigationResponse,
  InvestigationVersionsResponse,
  ReportText,
} from '../investigation-types.ts';
import type { InvestigationServices } from '../services/analyst-services.ts';
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
import { route } from './route-table.ts';
import { actorOf, investigationTarget, sendReport } from './investigation-http.ts';

/** Saved investigations: versions, notes and the cited report. */
export const investigationRoutes = [
  route({
    method: 'get',
    path: '/investigations',
    summary: 'Saved investigations, newest first',
    query: InvestigationListQuery,
    response: { schema: InvestigationListResponse, description: 'The list' },
    errors: [503],
    handle: (service: InvestigationServices, { query }, res) =>
      service.investigations.list(query.q, actorOf(res)),
  }),
  route({
    method: 'post',
    path: '/investigations',
    role: 'analyst',
    audit: {
      action: 'investigation-create',
      describe: (_req, answer) => {
        const id = (answer as { id?: unknown } | undefined)?.id;
        return { target: typeof id === 'string' ? id : null, details: null };
      },
    },
    summary: 'Save the scene as a new investigation (version 1); answers 201',
    query: EmptyQuery,
    body: InvestigationCreateBody,
    response: { schema: InvestigationResponse, description: 'Created' },
    errors: [503],
    handle: async (service: InvestigationServices, { body }, res) => {
      const created = await service.investigations.create(body, actorOf(res));
      res.status(201);
      return created;
    },
  }),
  route({
    method: 'get',
    path: '/investigations/:id',
    summary: 'The latest version with its scene, notes, and what is missing from the graph',
    params: InvestigationParams,
    query: EmptyQuery,
    response: { schema: InvestigationResponse, description: 'The investigation' },
    errors: [404, 503],
    handle: (service: InvestigationServices, { params }, res) =>
      service.investigations.latest(params.id, actorOf(res)),
  }),
  route({
    method: 'put',
    path: '/investigations/:id',
    role: 'analyst',
    audit: {
      action: 'investigation-update',
      describe: (req) => ({ target: investigationTarget(req), details: null }),
    },
    summary: 'Save a new version on top of baseVersion; 409 when another version came first',
    params: InvestigationParams,
    query: EmptyQuery,
    body: InvestigationUpdateBody,
    response: { schema: InvestigationResponse, description: 'The new version' },
    errors: [403, 404, 409, 503],
    handle: (service: InvestigationServices, { params, body }, res) =>
      service.investigations.update(params.id, body, actorOf(res)),
  }),
  route({
    method: 'delete',
    path: '/investigations/:id',
    role: 'analyst',
    audit: {
      action: 'investigation-delete',
      describe: (req) => ({ target: investigationTarget(req), details: null }),
    },
    summary: 'Delete (restorable for 30 days)',
    params: InvestigationParams,
    response: { schema: DeletedResponse, description: 'Deleted' },
    errors: [403, 404, 503],
    handle: (service: InvestigationServices, { params }, res) =>
      service.investigations.remove(params.id, actorOf(res)),
  }),
  route({
    method: 'post',
    path: '/investigations/:id/restore',
    role: 'analyst',
    audit: {
      action: 'investigation-restore',
      describe: (req) => ({ target: investigationTarget(req), details: null }),
    },
    summary: 'Bring back a deleted investigation',
    params: InvestigationParams,
    response: { schema: InvestigationResponse, description: 'The investigation' },
    errors: [403, 404, 503],
    handle: (service: InvestigationServices, { params }, res) =>
      service.investigations.restore(params.id, actorOf(res)),
  }),
  route({
    method: 'get',
    path: '/investigations/:id/versions',
    summary: 'Every saved version, newest first',
    params: InvestigationParams,
    response: { schema: InvestigationVersionsResponse, description: 'The versions' },
    errors: [404, 503],
    handle: (service: InvestigationServices, { params }, res) =>
      service.investigations.versions(params.id, actorOf(res)),
  }),
  route({
    method: 'get',
    path: '/investigations/:id/versions/:version',
    summary: 'One version, exactly as saved (versions never change)',
    params: InvestigationVersionParams,
    response: { schema: InvestigationResponse, description: 'The version' },
    errors: [404, 503],
    handle: (service: InvestigationServices, { params }, res) =>
      service.investigations.version(params.id, params.version, actorOf(res)),
  }),
  route({
    method: 'post',
    path: '/investigations/:id/notes',
    role: 'analyst',
    summary:
      'Add a note on a node, a relationship or the whole investigation, under the name of whoever is signed in; answers 201',
    params: InvestigationParams,
    body: NoteCreateBody,
    response: { schema: InvestigationNote, description: 'The note' },
    errors: [403, 404, 503],
    handle: async (service: InvestigationServices, { params, body }, res) => {
      const note = await service.notes.addNote(params.id, body.target, body.text, actorOf(res));
      res.status(201);
      return note;
    },
  }),
  route({
    method: 'patch',
    path: '/investigations/:id/notes/:noteId',
    role: 'analyst',
    summary: 'Change a note’s text',
    params: NoteParams,
    body: NoteUpdateBody,
    response: { schema: InvestigationNote, description: 'The note' },
    errors: [403, 404, 503],
    handle: (service: InvestigationServices, { params, body }, res) =>
      service.notes.updateNote(params.id, params.noteId, body.text, actorOf(res)),
  }),
  route({
    method: 'delete',
    path: '/investigations/:id/notes/:noteId',
    role: 'analyst',
    summary: 'Delete a note',
    params: NoteParams,
    response: { schema: DeletedResponse, description: 'Deleted' },
    errors: [403, 404, 503],
    handle: (service: InvestigationServices, { params }, res) =>
      service.notes.deleteNote(params.id, params.noteId, actorOf(res)),
  }),
  route({
    method: 'get',
    path: '/investigations/:id/report',
    summary: 'A briefing citing the evidence of every relationship in the scene',
    params: InvestigationParams,
    query: ReportQuery,
    response: {
      schema: ReportText,
      description: 'Markdown, or one self-contained HTML page (no script), as an attachment',
      mediaTypes: ['text/html', 'text/markdown'],
    },
    errors: [404, 503],
    handle: async (service: InvestigationServices, { params, query }, res) => {
      const report = await service.investigations.report(
        params.id,
        query.format,
        query.version,
        actorOf(res),
      );
      return sendReport(res, report);
    },
  }),
];
