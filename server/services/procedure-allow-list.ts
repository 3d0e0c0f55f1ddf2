/**
 * The procedures the console may call: reads of the schema and of full-text and vector
 * indexes, nothing else. An allow-list rather than a deny-list, because every Neo4j release
 * and plugin adds procedures, and a new admin one (e.g. `db.prepareForReplanning`) must be
 * refused without anyone noticing it first.
 */
const ALLOWED_PROCEDURES = new Set(
  [
    'db.labels',
    'db.relationshipTypes',
    'db.propertyKeys',
    'db.schema.visualization',
    'db.schema.nodeTypeProperties',
    'db.schema.relTypeProperties',
    'db.index.fulltext.queryNodes',
    'db.index.fulltext.queryRelationships',
    'db.index.vector.queryNodes',
    'db.index.vector.queryRelationships',
    'db.ping',
  ].map((name) => name.toLowerCase()),
);

/** Procedure names are case-insensitive in Neo4j, so the check is too. */
export function isAllowedProcedure(qualifiedName: string): boolean {
  return ALLOWED_PROCEDURES.has(qualifiedName.toLowerCase());
}

export const allowedProcedures = (): string[] => [...ALLOWED_PROCEDURES];

/** The procedure a plan's `ProcedureCall` operator runs: the qualified name its details start with. */
export function procedureInPlanDetails(details: string): string | undefined {
  const match =
    /^\s*((?:`(?:[^`]|``)*`|[\p{L}_][\p{L}\p{N}_]*)(?:\s*\.\s*(?:`(?:[^`]|``)*`|[\p{L}_][\p{L}\p{N}_]*))*)\s*\(/u.exec(
      details,
    );
  if (!match?.[1]) return undefined;
  return match[1]
    .split(/\s*\.\s*/)
    .map((part) => part.replace(/^`|`$/g, '').replace(/``/g, '`'))
    .join('.');
}
