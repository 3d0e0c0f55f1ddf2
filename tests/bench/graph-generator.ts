import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Database } from '../../server/db/database.ts';
import { seededRandom } from './client/random-graph.ts';

/**
 * A deterministic (seeded) generator of graphs shaped like ours: states, people,
 * organisations, agreements, events and sources; power-law degrees; dated relationships
 * with stances; and a few supernodes.
 */

export interface GraphSpec {
  seed: number;
  states: number;
  people: number;
  organisations: number;
  agreements: number;
  events: number;
  sources: number;
  /** Relationships besides the supernodes'. */
  relationships: number;
  /** How many supernodes, and how many relationships each. */
  supernodes: number;
  supernodeDegree: number;
}

export type GraphSize = 'small' | 'large' | 'xlarge';

export const SIZES: Record<GraphSize, GraphSpec> = {
  small: {
    seed: 7,
    states: 200,
    people: 12_000,
    organisations: 4_000,
    agreements: 2_000,
    events: 1_500,
    sources: 300,
    relationships: 60_000,
    supernodes: 1,
    supernodeDegree: 50_000,
  },
  large: {
    seed: 7,
    states: 200,
    people: 70_000,
    organisations: 20_000,
    agreements: 6_000,
    events: 4_000,
    sources: 800,
    relationships: 400_000,
    supernodes: 3,
    supernodeDegree: 50_000,
  },
  // A million nodes, five million relationships besides the supernode's million.
  xlarge: {
    seed: 7,
    states: 500,
    people: 800_000,
    organisations: 100_000,
    agreements: 50_000,
    events: 45_000,
    sources: 5_000,
    relationships: 4_200_000,
    supernodes: 1,
    supernodeDegree: 1_001_000,
  },
};

export interface GeneratedNode {
  label: string;
  id: string;
  name: string;
  aliases: string[];
}

export interface GeneratedRel {
  type: string;
  from: GeneratedNode;
  to: GeneratedNode;
  sourceId: string;
  stance: string;
  quote: string;
  date: string;
}

const SYLLABLES = [
  'ka',
  'ri',
  'mo',
  'lan',
  'vel',
  'tor',
  'sha',
  'ne',
  'dru',
  'pol',
  'zen',
  'ar',
  'bek',
  'ish',
  'ova',
];
const STANCES = ['reported', 'reported', 'reported', 'claim', 'opinion', 'speculation', 'forecast'];
const TYPES: Record<string, [string, string][]> = {
  BACKS: [['State', 'State']],
  SUPPLIES: [
    ['State', 'State'],
    ['Organisation', 'State'],
  ],
  HOLDS_OFFICE: [
    ['Person', 'State'],
    ['Person', 'Organisation'],
  ],
  SIGNED: [['Person', 'Agreement']],
  PARTY_TO: [
    ['State', 'Agreement'],
    ['Organisation', 'Agreement'],
  ],
  MEMBER_OF: [
    ['State', 'Organisation'],
    ['Person', 'Organisation'],
  ],
  PARTICIPATED_IN: [
    ['Person', 'Event'],
    ['State', 'Event'],
  ],
  KNOWS: [['Person', 'Person']],
  REPORTED_IN: [
    ['Event', 'Source'],
    ['Agreement', 'Source'],
  ],
};

export class GeneratedGraph {
  readonly byLabel = new Map<string, GeneratedNode[]>();
  readonly nodes: GeneratedNode[] = [];
  private materialised: GeneratedRel[] | undefined;
  private counted: number | undefined;

  constructor(readonly spec: GraphSpec) {
    const rnd = seededRandom(spec.seed);
    const word = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i += 1) s += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
      return s.charAt(0).toUpperCase() + s.slice(1);
    };
    const add = (label: string, prefix: string, count: number, name: (i: number) => string) => {
      const list: GeneratedNode[] = [];
      for (let i = 0; i < count; i += 1) {
        const n = name(i);
        list.push({
          label,
          id: `${prefix}:${i}`,
          name: n,
          aliases: [n.toLowerCase(), `${n} (${prefix})`],
        });
      }
      this.byLabel.set(label, list);
      for (const node of list) this.nodes.push(node);
    };
    add('State', 'state', spec.states, (i) => `${word(2)}ia ${i}`);
    add('Person', 'person', spec.people, (i) => `${word(2)} ${word(3)} ${i}`);
    add('Organisation', 'org', spec.organisations, (i) => `${word(2)} Institute ${i}`);
    add('Agreement', 'agreement', spec.agreements, (i) => `Memorandum ${word(2)} ${i}`);
    add('Event', 'event', spec.events, (i) => `Meeting ${word(2)} ${i}`);
    add('Source', 'source', spec.sources, (i) => `Report ${word(3)} ${i}`);
  }

  /**
   * Every relationship, generated on demand from its own seed: at `xlarge` five million
   * of them held at once would need gigabytes, so loaders stream them.
   */
  *relationships(): Generator<GeneratedRel> {
    const { spec } = this;
    const rnd = seededRandom(spec.seed + 1);
    // Power law: low indexes are picked far more often than high ones.
    const pick = (label: string) => {
      const list = this.byLabel.get(label) ?? [];
      return list[Math.floor(list.length * rnd() ** 3)] as GeneratedNode;
    };
    const sources = this.byLabel.get('Source') ?? [];
    const relate = (type: string, from: GeneratedNode, to: GeneratedNode): GeneratedRel => {
      const year = 2000 + Math.floor(rnd() * 24);
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      return {
        type,
        from,
        to,
        sourceId: (sources[Math.floor(rnd() * sources.length)] as GeneratedNode).id,
        stance: STANCES[Math.floor(rnd() * STANCES.length)] as string,
        quote: `${from.name} ${type.toLowerCase().replace('_', ' ')} ${to.name}.`,
        date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      };
    };
    const typeNames = Object.keys(TYPES);
    for (let i = 0; i < spec.relationships; i += 1) {
      const type = typeNames[Math.floor(rnd() * typeNames.length)] as string;
      const shapes = TYPES[type] as [string, string][];
      const [fromLabel, toLabel] = shapes[Math.floor(rnd() * shapes.length)] as [string, string];
      const from = pick(fromLabel);
      const to = pick(toLabel);
      if (from !== to) yield relate(type, from, to);
    }
    // Supernodes: the first states, each known by a crowd of people.
    const people = this.byLabel.get('Person') ?? [];
    for (let s = 0; s < spec.supernodes; s += 1) {
      const hub = (this.byLabel.get('State') ?? [])[s] as GeneratedNode;
      for (let i = 0; i < spec.supernodeDegree; i += 1) {
        yield relate('CITIZEN_OF', people[(i * 7 + s) % people.length] as GeneratedNode, hub);
      }
    }
  }

  /** All relationships as one array (small and large only; xlarge streams). */
  get rels(): GeneratedRel[] {
    this.materialised ??= [...this.relationships()];
    return this.materialised;
  }

  /** How many relationships the graph has, counted without holding them. */
  relationshipCount(): number {
    if (this.materialised) return this.materialised.length;
    if (this.counted === undefined) {
      let count = 0;
      for (const rel of this.relationships()) if (rel) count += 1;
      this.counted = count;
    }
    return this.counted;
  }

  /** Node ids that the API benchmark expands: ordinary (degree ~5–50) and supernodes. */
  ordinaryNodeIds(count: number): string[] {
    const people = this.byLabel.get('Person') ?? [];
    const mid = Math.floor(people.length / 20);
    return people.slice(mid, mid + count).map((n) => n.id);
  }
  supernodeIds(): string[] {
    return (this.byLabel.get('State') ?? []).slice(0, this.spec.supernodes).map((n) => n.id);
  }
}

const LABELS = ['State', 'Person', 'Organisation', 'Agreement', 'Event', 'Source'];

/** The schema the generated graph is loaded under (also our seed schema's shape). */
export const BENCH_SCHEMA = [
  ...LABELS.map(
    (label) =>
      `CREATE CONSTRAINT bench_${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`,
  ),
  `CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:${LABELS.join('|')}) ON EACH [n.name, n.title, n.aliasesText] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-folding' } }`,
];

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Writes the first `statements` statements of the graph as a seed file in our Cypher
 * format: one MERGE per node, then one MATCH … MERGE per relationship.
 */
export async function writeSeedFile(
  graph: GeneratedGraph,
  path: string,
  statements: number,
): Promise<number> {
  const out = createWriteStream(path, 'utf8');
  let written = 0;
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
    written += 1;
  };
  out.write(
    '// Generated benchmark seed file: one statement per node, then per relationship, grouped by type.\n',
  );
  const nodeShare = Math.min(graph.nodes.length, Math.floor(statements * 0.4));
  for (const node of graph.nodes.slice(0, nodeShare)) {
    await write(
      `MERGE (n:${node.label} {id: ${quote(node.id)}}) SET n.name = ${quote(node.name)}, n.aliases = [${node.aliases.map(quote).join(', ')}], n.aliasesText = ${quote(node.aliases.join(' | '))};\n`,
    );
  }
  const present = new Set(graph.nodes.slice(0, nodeShare).map((n) => n.id));
  // Grouped by type and end labels, as exports and hand-kept seed files are.
  const shape = (r: GeneratedRel) => `${r.type}|${r.from.label}|${r.to.label}`;
  const grouped = [...graph.rels].sort((a, b) => shape(a).localeCompare(shape(b)));
  for (const rel of grouped) {
    if (written >= statements) break;
    if (!present.has(rel.from.id) || !present.has(rel.to.id)) continue;
    await write(
      `MATCH (a:${rel.from.label} {id: ${quote(rel.from.id)}}), (b:${rel.to.label} {id: ${quote(rel.to.id)}}) MERGE (a)-[r:${rel.type} {sourceId: ${quote(rel.sourceId)}}]->(b) SET r.stance = ${quote(rel.stance)}, r.quote = ${quote(rel.quote)}, r.date = date(${quote(rel.date)});\n`,
    );
  }
  out.end();
  await once(out, 'finish');
  return written;
}

/** Loads the whole graph through the fast path: UNWIND batches in write transactions. */
export async function loadGraph(
  db: Database,
  graph: GeneratedGraph,
  batch = 10_000,
): Promise<void> {
  for (const statement of BENCH_SCHEMA) await db.autoCommit(statement);
  await db.autoCommit('CALL db.awaitIndexes(300)');
  for (const label of LABELS) {
    const nodes = graph.byLabel.get(label) ?? [];
    for (let i = 0; i < nodes.length; i += batch) {
      const rows = nodes.slice(i, i + batch).map((n) => ({
        id: n.id,
        name: n.name,
        aliases: n.aliases,
        aliasesText: n.aliases.join(' | '),
      }));
      // Labels cannot be parameters; `label` comes from the fixed LABELS list above.
      await db.write((tx) =>
        tx.run(
          `UNWIND $rows AS row MERGE (n:${label} {id: row.id}) SET n.name = row.name, n.aliases = row.aliases, n.aliasesText = row.aliasesText`,
          { rows },
        ),
      );
    }
  }
  const groups = new Map<string, GeneratedRel[]>();
  for (const rel of graph.rels) {
    const key = `${rel.from.label}|${rel.type}|${rel.to.label}`;
    const list = groups.get(key) ?? [];
    list.push(rel);
    groups.set(key, list);
  }
  for (const [key, rels] of groups) {
    const [fromLabel, type, toLabel] = key.split('|') as [string, string, string];
    for (let i = 0; i < rels.length; i += batch) {
      const rows = rels.slice(i, i + batch).map((r) => ({
        from: r.from.id,
        to: r.to.id,
        sourceId: r.sourceId,
        stance: r.stance,
        quote: r.quote,
        date: r.date,
      }));
      await db.write((tx) =>
        tx.run(
          `UNWIND $rows AS row MATCH (a:${fromLabel} {id: row.from}), (b:${toLabel} {id: row.to})
           CREATE (a)-[:${type} {sourceId: row.sourceId, stance: row.stance, quote: row.quote, date: date(row.date)}]->(b)`,
          { rows },
        ),
      );
    }
  }
}
