import { createHash } from 'node:crypto';
import { badRequest } from '../errors.ts';
import type { Direction } from '../repositories/cypher-names.ts';
import type { NeighbourPosition } from '../repositories/graph-repository.ts';

/**
 * Neighbour cursors are opaque to clients: a key in the node's stable order (the last
 * drawn edge of a small node, or the last relationship of a big one), tied to the node and
 * filter they were issued for.
 */
export interface CursorScope {
  id: string;
  types: string[] | null;
  direction: Direction;
}

function fingerprint({ id, types, direction }: CursorScope): string {
  return createHash('sha256')
    .update(JSON.stringify([id, types ? [...types].sort() : null, direction]))
    .digest('base64url')
    .slice(0, 12);
}

export function encodeNeighbourCursor(position: NeighbourPosition, scope: CursorScope): string {
  const key =
    position.kind === 'edge' ? { e: position.after } : { r: position.after, s: position.seen };
  return Buffer.from(JSON.stringify({ f: fingerprint(scope), ...key })).toString('base64url');
}

const count = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The position a cursor names; 400 INVALID_CURSOR for anything this scope did not issue. */
export function decodeNeighbourCursor(cursor: string, scope: CursorScope): NeighbourPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const value = (typeof decoded === 'object' ? decoded : null) as Record<string, unknown> | null;
  if (value && value.f === fingerprint(scope)) {
    if (typeof value.e === 'string' && value.e.length <= 2_000 && !('r' in value)) {
      return { kind: 'edge', after: value.e };
    }
    if (count(value.r) && count(value.s) && !('e' in value)) {
      return { kind: 'relationship', after: value.r, seen: value.s };
    }
  }
  throw badRequest(
    'INVALID_CURSOR',
    'cursor: not a cursor issued for this node and filter; start again without one.',
  );
}
