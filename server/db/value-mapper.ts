import neo4j, {
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
  isUnsupportedType,
  isVector,
  type Node,
  type Path,
  type Relationship,
} from 'neo4j-driver';
import type { GraphEdge, GraphNode, GraphPayload, JsonValue } from '../api-types.ts';
import { evidenceOf, summaryOf } from './evidence-edges.ts';

/**
 * The one mapper from driver values to plain JSON. Everything the API answers with passes
 * through here, so the rules (safe integers, ISO temporals, hidden `__` labels) hold
 * everywhere.
 */

/** Labels and types starting with `__` (the seed ledger) never appear in an answer. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('__');
}

export function isHiddenNode(node: Node): boolean {
  return node.labels.some(isHiddenName);
}

export function isHiddenRelationship(relationship: Relationship): boolean {
  return isHiddenName(relationship.type);
}

/** A node's caption: `name`, then `title`, then its first string property, then its label. */
export function captionOf(labels: readonly string[], properties: Record<string, unknown>): string {
  for (const key of ['name', 'title']) {
    const value = properties[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  for (const value of Object.values(properties)) {
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return labels[0] ?? '';
}

export function toGraphNode(node: Node): GraphNode {
  const properties = mapProperties(node.properties);
  return {
    id: node.elementId,
    labels: [...node.labels],
    caption: captionOf(node.labels, properties),
    properties,
  };
}

/** One relationship as an edge of its own; `groupEdges` joins parallel ones. */
export function toGraphEdge(relationship: Relationship): GraphEdge {
  const properties = mapProperties(relationship.properties);
  const evidence = evidenceOf(relationship.elementId, properties);
  return {
    id: relationship.elementId,
    type: relationship.type,
    source: relationship.startNodeElementId,
    target: relationship.endNodeElementId,
    properties,
    relationshipIds: [relationship.elementId],
    evidence,
    summary: summaryOf(evidence),
  };
}

function mapProperties(properties: Record<string, unknown>): Record<string, JsonValue> {
  const mapped: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(properties)) mapped[key] = toJson(value);
  return mapped;
}

/** Integers as numbers when they fit a double exactly, else as decimal strings. */
function integerToJson(value: { inSafeRange(): boolean; toNumber(): number; toString(): string }) {
  return value.inSafeRange() ? value.toNumber() : value.toString();
}

/** Maps any value the driver returns to plain JSON. */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON has no NaN or Infinity; keep them readable rather than silently null.
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    default:
      break;
  }
  if (isInt(value)) return integerToJson(value);
  if (isNode(value)) return jsonOf(toGraphNode(value));
  if (isRelationship(value)) return jsonOf(toGraphEdge(value));
  if (isPath(value)) return jsonOf(pathToGraph(value));
  if (isPoint(value)) {
    const point: Record<string, JsonValue> = { x: value.x, y: value.y };
    if (value.z !== undefined) point.z = value.z;
    point.srid = integerOrNumber(value.srid);
    return point;
  }
  if (
    isDate(value) ||
    isDateTime(value) ||
    isLocalDateTime(value) ||
    isLocalTime(value) ||
    isTime(value) ||
    isDuration(value)
  ) {
    return value.toString();
  }
  if (isVector(value)) return [...(value.asTypedArray() as Iterable<number | bigint>)].map(toJson);
  if (isUnsupportedType(value)) return value.toString();
  if (value instanceof Uint8Array || value instanceof Int8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const mapped: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) mapped[key] = toJson(item);
    return mapped;
  }
  return String(value);
}

function integerOrNumber(value: unknown): number | string {
  if (isInt(value)) return integerToJson(value);
  return typeof value === 'number' ? value : String(value);
}

function jsonOf(value: GraphNode | GraphEdge | GraphPayload): JsonValue {
  // The graph shapes are JSON by construction; TypeScript cannot see interfaces as index types.
  return value as unknown as JsonValue;
}

/** A path as its nodes and edges, in walking order, without repeats. */
export function pathToGraph(path: Path): GraphPayload {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  nodes.set(path.start.elementId, toGraphNode(path.start));
  for (const segment of path.segments) {
    if (!nodes.has(segment.end.elementId)) {
      nodes.set(segment.end.elementId, toGraphNode(segment.end));
    }
    edges.push(toGraphEdge(segment.relationship));
  }
  return { nodes: [...nodes.values()], edges };
}

/** True when a value holds, anywhere inside, a node or relationship that must stay hidden. */
export function containsHidden(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (isNode(value)) return isHiddenNode(value);
  if (isRelationship(value)) return isHiddenRelationship(value);
  if (isPath(value)) {
    return (
      isHiddenNode(value.start) ||
      value.segments.some((s) => isHiddenNode(s.end) || isHiddenRelationship(s.relationship))
    );
  }
  if (isInt(value) || isPoint(value) || isDuration(value) || isVector(value)) return false;
  if (Array.isArray(value)) return value.some(containsHidden);
  if (value instanceof Uint8Array || value instanceof Int8Array) return false;
  return Object.values(value).some(containsHidden);
}

/** Gathers every node, relationship and path found anywhere in results, without repeats. */
export class GraphCollector {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();

  add(value: unknown): void {
    if (value === null || typeof value !== 'object') return;
    if (isNode(value)) {
      if (!isHiddenNode(value) && !this.nodes.has(value.elementId)) {
        this.nodes.set(value.elementId, toGraphNode(value));
      }
      return;
    }
    if (isRelationship(value)) {
      if (!isHiddenRelationship(value) && !this.edges.has(value.elementId)) {
        this.edges.set(value.elementId, toGraphEdge(value));
      }
      return;
    }
    if (isPath(value)) {
      this.add(value.start);
      for (const segment of value.segments) {
        this.add(segment.relationship);
        this.add(segment.end);
      }
      return;
    }
    if (isInt(value) || isPoint(value) || isDuration(value) || isVector(value)) return;
    if (value instanceof Uint8Array || value instanceof Int8Array) return;
    if (Array.isArray(value)) {
      for (const item of value) this.add(item);
      return;
    }
    for (const item of Object.values(value)) this.add(item);
  }

  hasNode(id: string): boolean {
    return this.nodes.has(id);
  }

  addNode(node: GraphNode): void {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
  }

  /** Edge endpoints that are not among the collected nodes. */
  missingEndpoints(): string[] {
    const missing = new Set<string>();
    for (const edge of this.edges.values()) {
      if (!this.nodes.has(edge.source)) missing.add(edge.source);
      if (!this.nodes.has(edge.target)) missing.add(edge.target);
    }
    return [...missing];
  }

  payload(): GraphPayload {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}

/**
 * Turns request JSON into query parameters. Whole numbers become Cypher integers, so
 * `LIMIT $n` or `n.year = $year` behave as a person typing them expects.
 */
export function toDriverValue(value: JsonValue): unknown {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  }
  if (Array.isArray(value)) return value.map(toDriverValue);
  if (value !== null && typeof value === 'object') return toDriverParams(value);
  return value;
}

export function toDriverParams(params: Record<string, JsonValue>): Record<string, unknown> {
  const mapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) mapped[key] = toDriverValue(value);
  return mapped;
}

/** A plain number for counts and other integers the server itself asks for. */
export function toNumber(value: unknown): number {
  if (isInt(value)) return value.toNumber();
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' ? value : Number(value);
}

/** A Cypher DATE parameter from an ISO `YYYY-MM-DD` string (already validated). */
export function toDriverDate(iso: string): unknown {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  return new neo4j.types.Date(year, month, day);
}

/** A Cypher INTEGER parameter. */
export function toDriverInteger(value: number): unknown {
  return neo4j.int(value);
}
