import { z } from 'zod';

/** Requests the investigations API accepts; routes validate with them, OpenAPI shows them. */

export const MAX_SCENE_NODES = 5_000;
export const MAX_SCENE_EDGES = 20_000;
export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 10_000;
export const MAX_NOTE = 10_000;

const elementId = z.string().min(1).max(256);
const coordinate = z.number().finite().min(-1e9).max(1e9);
const names = z.array(z.string().min(1).max(256)).max(1_000);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .nullable();

export const SceneSchema = z.strictObject({
  nodes: z
    .array(
      z.strictObject({
        id: elementId,
        x: coordinate,
        y: coordinate,
        pinned: z.boolean().optional(),
        hidden: z.boolean().optional(),
      }),
    )
    .max(MAX_SCENE_NODES, `at most ${MAX_SCENE_NODES} nodes per scene`)
    .describe('The nodes on the canvas, where they sat'),
  edges: z.array(elementId).max(MAX_SCENE_EDGES).describe('Relationship elementIds'),
  filters: z.strictObject({
    hiddenLabels: names.optional(),
    hiddenTypes: names.optional(),
    hiddenStances: z.array(z.string().min(1).max(40)).max(20).optional(),
    asOf: isoDate.optional(),
  }),
  asOf: isoDate.optional(),
  viewport: z
    .strictObject({
      zoom: z.number().finite().positive().max(1_000),
      pan: z.strictObject({ x: coordinate, y: coordinate }),
    })
    .optional(),
  highlights: z
    .strictObject({
      nodes: z.array(elementId).max(MAX_SCENE_NODES),
      edges: z.array(elementId).max(MAX_SCENE_EDGES),
    })
    .optional(),
});

const title = z
  .string()
  .trim()
  .min(1, 'a title is required')
  .max(MAX_TITLE, `at most ${MAX_TITLE} characters`);
const description = z.string().max(MAX_DESCRIPTION, `at most ${MAX_DESCRIPTION} characters`);

export const InvestigationCreateBody = z.strictObject({
  title,
  description: description.optional(),
  scene: SceneSchema,
});

export const InvestigationUpdateBody = z.strictObject({
  title: title.optional(),
  description: description.optional(),
  scene: SceneSchema.optional().describe('Omitted: the scene of baseVersion is kept'),
  baseVersion: z
    .number()
    .int()
    .min(1)
    .describe('The version this change was made on; a newer one answers 409'),
});

export const InvestigationParams = z.strictObject({
  id: z.uuid().describe('Investigation id'),
});

export const InvestigationVersionParams = z.strictObject({
  id: z.uuid(),
  version: z.coerce.number().int().min(1).max(1_000_000),
});

export const NoteParams = z.strictObject({ id: z.uuid(), noteId: z.uuid() });

export const InvestigationListQuery = z.strictObject({
  q: z.string().trim().max(MAX_TITLE).optional().describe('Only titles containing this'),
});

export const ReportQuery = z.strictObject({
  format: z.enum(['md', 'html']).default('html'),
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

const noteText = z
  .string()
  .trim()
  .min(1, 'a note needs text')
  .max(MAX_NOTE, `at most ${MAX_NOTE} characters`);

export const NoteCreateBody = z.strictObject({
  target: z
    .union([z.strictObject({ nodeId: elementId }), z.strictObject({ relationshipId: elementId })])
    .optional()
    .describe('What the note is about; none for the investigation as a whole'),
  text: noteText,
});

export const NoteUpdateBody = z.strictObject({ text: noteText });
