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
import { body, errors, ok, parameters } from './openapi.ts';

const types = 'server/investigation-types.ts';

/** The investigations paths of `/api/openapi.json`. */
export function investigationPaths(): Record<string, unknown> {
  const id = parameters(InvestigationParams, 'path');
  return {
    '/api/investigations': {
      get: {
        summary: 'Saved investigations, newest first',
        parameters: parameters(InvestigationListQuery, 'query'),
        responses: { ...ok('The list', 'InvestigationListResponse', types), ...errors(400, 503) },
      },
      post: {
        summary: 'Save a new investigation (version 1)',
        requestBody: body(InvestigationCreateBody),
        responses: {
          '201': { description: `Created (\`InvestigationResponse\` in ${types})` },
          ...errors(400, 413, 503),
        },
      },
    },
    '/api/investigations/{id}': {
      get: {
        summary: 'The latest version with its scene, notes, and what is missing from the graph',
        parameters: id,
        responses: {
          ...ok('The investigation', 'InvestigationResponse', types),
          ...errors(400, 404, 503),
        },
      },
      put: {
        summary: 'Save a new version on top of baseVersion',
        parameters: id,
        requestBody: body(InvestigationUpdateBody),
        responses: {
          ...ok('The new version', 'InvestigationResponse', types),
          ...errors(400, 404, 409, 413, 503),
        },
      },
      delete: {
        summary: 'Delete (restorable for 30 days)',
        parameters: id,
        responses: { '200': { description: 'Deleted' }, ...errors(400, 404, 503) },
      },
    },
    '/api/investigations/{id}/restore': {
      post: {
        summary: 'Bring back a deleted investigation',
        parameters: id,
        responses: {
          ...ok('The investigation', 'InvestigationResponse', types),
          ...errors(400, 404, 503),
        },
      },
    },
    '/api/investigations/{id}/versions': {
      get: {
        summary: 'Every saved version, newest first',
        parameters: id,
        responses: {
          ...ok('The versions', 'InvestigationVersionsResponse', types),
          ...errors(400, 404, 503),
        },
      },
    },
    '/api/investigations/{id}/versions/{version}': {
      get: {
        summary: 'One earlier version, exactly as saved',
        parameters: parameters(InvestigationVersionParams, 'path'),
        responses: {
          ...ok('The version', 'InvestigationResponse', types),
          ...errors(400, 404, 503),
        },
      },
    },
    '/api/investigations/{id}/notes': {
      post: {
        summary: 'Add a note on a node, a relationship or the whole investigation',
        parameters: id,
        requestBody: body(NoteCreateBody),
        responses: {
          '201': { description: `The note (\`InvestigationNote\` in ${types})` },
          ...errors(400, 404, 503),
        },
      },
    },
    '/api/investigations/{id}/notes/{noteId}': {
      patch: {
        summary: 'Change a note’s text',
        parameters: parameters(NoteParams, 'path'),
        requestBody: body(NoteUpdateBody),
        responses: { ...ok('The note', 'InvestigationNote', types), ...errors(400, 404, 503) },
      },
      delete: {
        summary: 'Delete a note',
        parameters: parameters(NoteParams, 'path'),
        responses: { '200': { description: 'Deleted' }, ...errors(400, 404, 503) },
      },
    },
    '/api/investigations/{id}/report': {
      get: {
        summary: 'A briefing citing the evidence of every relationship in the scene',
        parameters: [...id, ...parameters(ReportQuery, 'query')],
        responses: {
          '200': {
            description: 'Markdown or a self-contained HTML page (no script)',
            content: { 'text/markdown': {}, 'text/html': {} },
          },
          ...errors(400, 404, 503),
        },
      },
    },
  };
}
