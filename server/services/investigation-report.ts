import type { JsonValue } from '../api-types.ts';
import type { InvestigationNote, InvestigationScene, MissingItem } from '../investigation-types.ts';
import type { CitedRelationship } from '../repositories/scene-references.ts';

/**
 * The briefing of one investigation version, as Markdown or as one self-contained HTML
 * page (inline SVG picture and style, no script; every piece of data escaped).
 */

export interface ReportInput {
  title: string;
  description: string;
  version: number;
  latestVersion: number;
  author: string;
  savedAt: string;
  generatedAt: string;
  scene: InvestigationScene;
  /** Saved node id → current elementId (nodes that are gone are absent). */
  nodeIds: Map<string, string>;
  /** Saved relationship id → current elementId. */
  relationshipIds: Map<string, string>;
  /** Current elementId → caption. */
  captions: Map<string, string>;
  cited: CitedRelationship[];
  notes: InvestigationNote[];
  missing: { nodes: MissingItem[]; edges: MissingItem[] };
}

interface Claim {
  sentence: string;
  start: string;
  end: string;
  evidence: { relationship: CitedRelationship; sourceNumber: number | null }[];
  notes: InvestigationNote[];
}

interface SourceEntry {
  number: number;
  title: string;
  url: string | null;
  date: string | null;
  id: string;
}

interface Briefing {
  claims: Claim[];
  sources: SourceEntry[];
  nodeNotes: { caption: string; notes: InvestigationNote[] }[];
  generalNotes: InvestigationNote[];
  picture: string;
}

const text = (value: JsonValue | undefined): string | null =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null;

/** `SATELLITE_OF` reads as "satellite of". */
function phrase(type: string): string {
  return type.toLowerCase().replaceAll('_', ' ');
}

function build(input: ReportInput): Briefing {
  const sources = new Map<string, SourceEntry>();
  const claims = new Map<string, Claim>();
  for (const relationship of input.cited) {
    const key = `${relationship.start.id}|${relationship.type}|${relationship.end.id}`;
    let claim = claims.get(key);
    if (!claim) {
      claim = {
        sentence: `${relationship.start.caption} ${phrase(relationship.type)} ${relationship.end.caption}`,
        start: relationship.start.id,
        end: relationship.end.id,
        evidence: [],
        notes: [],
      };
      claims.set(key, claim);
    }
    let sourceNumber: number | null = null;
    const sourceKey = relationship.source?.id ?? text(relationship.properties.sourceId);
    if (sourceKey) {
      let entry = sources.get(sourceKey);
      if (!entry) {
        entry = {
          number: sources.size + 1,
          id: sourceKey,
          title: relationship.source?.title ?? sourceKey,
          url: relationship.source?.url ?? null,
          date: relationship.source?.date ?? null,
        };
        sources.set(sourceKey, entry);
      }
      sourceNumber = entry.number;
    }
    claim.evidence.push({ relationship, sourceNumber });
  }

  const claimOfRelationship = new Map<string, Claim>();
  for (const claim of claims.values()) {
    for (const { relationship } of claim.evidence) claimOfRelationship.set(relationship.id, claim);
  }
  const nodeNotes = new Map<string, InvestigationNote[]>();
  const generalNotes: InvestigationNote[] = [];
  for (const note of input.notes) {
    if (note.target && 'relationshipId' in note.target) {
      const now =
        input.relationshipIds.get(note.target.relationshipId) ?? note.target.relationshipId;
      const claim = claimOfRelationship.get(now);
      if (claim) claim.notes.push(note);
      else generalNotes.push(note);
    } else if (note.target && 'nodeId' in note.target) {
      const now = input.nodeIds.get(note.target.nodeId) ?? note.target.nodeId;
      nodeNotes.set(now, [...(nodeNotes.get(now) ?? []), note]);
    } else {
      generalNotes.push(note);
    }
  }
  return {
    claims: [...claims.values()],
    sources: [...sources.values()],
    nodeNotes: [...nodeNotes].map(([id, notes]) => ({
      caption: input.captions.get(id) ?? 'a node no longer in the database',
      notes,
    })),
    generalNotes,
    picture: scenePicture(input, [...claims.values()]),
  };
}

function evidenceLine(relationship: CitedRelationship): {
  stance: string;
  date: string | null;
} {
  const p = relationship.properties;
  const stance = text(p.stance) ?? 'unstated';
  const claimedBy = text(p.claimedByName) ?? text(p.claimedBy);
  return {
    stance: claimedBy ? `${stance} (by ${claimedBy})` : stance,
    date: text(p.date) ?? relationship.source?.date ?? null,
  };
}

// ---------------------------------------------------------------- picture

const PICTURE_WIDTH = 960;
const PICTURE_HEIGHT = 540;
const PICTURE_MARGIN = 40;

/** The scene's visible nodes where they sat, and its cited relationships, as an SVG. */
function scenePicture(input: ReportInput, claims: Claim[]): string {
  const placed = input.scene.nodes
    .filter((n) => !n.hidden && input.nodeIds.has(n.id))
    .map((n) => ({ id: input.nodeIds.get(n.id) as string, x: n.x, y: n.y }));
  if (placed.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${PICTURE_WIDTH}" height="60" role="img" aria-label="Empty scene"><text x="20" y="35" font-family="sans-serif" font-size="14">The scene has no nodes.</text></svg>`;
  }
  const xs = placed.map((n) => n.x);
  const ys = placed.map((n) => n.y);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const scale = Math.min(
    (PICTURE_WIDTH - 2 * PICTURE_MARGIN) / Math.max(maxX - minX, 1),
    (PICTURE_HEIGHT - 2 * PICTURE_MARGIN) / Math.max(maxY - minY, 1),
    2,
  );
  // Centred across the picture's width.
  const left = (PICTURE_WIDTH - (maxX - minX) * scale) / 2;
  const at = new Map(
    placed.map((n) => [
      n.id,
      {
        x: left + (n.x - minX) * scale,
        y: PICTURE_MARGIN + (n.y - minY) * scale,
      },
    ]),
  );
  const r = (v: number) => v.toFixed(1);
  const lines = claims
    .map((c) => [at.get(c.start), at.get(c.end)] as const)
    .filter(
      (pair): pair is [{ x: number; y: number }, { x: number; y: number }] =>
        !!pair[0] && !!pair[1],
    )
    .map(
      ([a, b]) =>
        `<line x1="${r(a.x)}" y1="${r(a.y)}" x2="${r(b.x)}" y2="${r(b.y)}" stroke="#8a94a6" stroke-width="1.2"/>`,
    );
  const labelled = placed.length <= 300;
  const circles = placed.map((n) => {
    const p = at.get(n.id) as { x: number; y: number };
    const caption = input.captions.get(n.id) ?? '';
    const label = labelled
      ? `<text x="${r(p.x)}" y="${r(p.y + 18)}" text-anchor="middle" font-family="sans-serif" font-size="11" fill="#1f2937">${escapeHtml(caption.slice(0, 40))}</text>`
      : '';
    return `<circle cx="${r(p.x)}" cy="${r(p.y)}" r="7" fill="#3b6fd8" stroke="#fff" stroke-width="1.5"/>${label}`;
  });
  const height = Math.ceil((maxY - minY) * scale + 2 * PICTURE_MARGIN);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PICTURE_WIDTH}" height="${height}" viewBox="0 0 ${PICTURE_WIDTH} ${height}" role="img" aria-label="The scene"><rect width="100%" height="100%" fill="#ffffff"/>${lines.join('')}${circles.join('')}</svg>`;
}

// ---------------------------------------------------------------- HTML

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Only http(s) links become anchors; anything else is shown as text. */
function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function noteHtml(note: InvestigationNote): string {
  return `<aside class="note"><p>${escapeHtml(note.text)}</p><p class="meta">Note by ${escapeHtml(note.author)}, ${escapeHtml(note.updatedAt.slice(0, 16).replace('T', ' '))}</p></aside>`;
}

export function reportHtml(input: ReportInput): string {
  const b = build(input);
  const e = escapeHtml;
  const claims = b.claims
    .map((claim) => {
      const evidence = claim.evidence
        .map(({ relationship, sourceNumber }) => {
          const line = evidenceLine(relationship);
          const quote = text(relationship.properties.quote);
          return `<li>${quote ? `<blockquote>“${e(quote)}”</blockquote>` : '<p class="meta">No quote recorded.</p>'}<p class="meta">${e(line.stance)}${sourceNumber ? ` · <a href="#source-${sourceNumber}">[${sourceNumber}]</a>` : ' · no source recorded'}${line.date ? ` · ${e(line.date)}` : ''}</p></li>`;
        })
        .join('');
      return `<section class="claim"><h3>${e(claim.sentence)}</h3><ul class="evidence">${evidence}</ul>${claim.notes.map(noteHtml).join('')}</section>`;
    })
    .join('');
  const nodeNotes = b.nodeNotes
    .map(
      (n) =>
        `<section class="claim"><h3>${e(n.caption)}</h3>${n.notes.map(noteHtml).join('')}</section>`,
    )
    .join('');
  const sources = b.sources
    .map((s) => {
      const url = safeUrl(s.url);
      return `<li id="source-${s.number}"><strong>${e(s.title)}</strong>${s.date ? `, ${e(s.date)}` : ''}${url ? ` — <a href="${e(url)}">${e(url)}</a>` : s.url ? ` — ${e(s.url)}` : ''} <span class="meta">(${e(s.id)})</span></li>`;
    })
    .join('');
  const missing = [...input.missing.nodes, ...input.missing.edges];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(input.title)} — Entente briefing</title>
<style>
body{font:15px/1.55 system-ui,sans-serif;color:#1f2937;max-width:60rem;margin:2rem auto;padding:0 1.25rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.25rem}
h3{font-size:1.05rem;margin:.2rem 0}.meta{color:#6b7280;font-size:.85rem;margin:.1rem 0}
.description{white-space:pre-wrap}.picture svg{max-width:100%;height:auto;border:1px solid #e5e7eb;border-radius:6px}
.claim{margin:1rem 0;padding:.6rem .9rem;border-left:3px solid #3b6fd8;background:#f8fafc}
.evidence{list-style:none;padding:0;margin:.3rem 0}blockquote{margin:.3rem 0;font-style:italic}
.note{margin:.4rem 0;padding:.4rem .7rem;background:#fff7d6;border:1px solid #f0d98c;border-radius:4px}
.note p{margin:.1rem 0;white-space:pre-wrap}ol.sources li{margin:.3rem 0}
</style></head><body>
<header><h1>${e(input.title)}</h1>
<p class="meta">Version ${input.version}${input.version < input.latestVersion ? ` of ${input.latestVersion}` : ''} · saved ${e(input.savedAt.slice(0, 16).replace('T', ' '))} by ${e(input.author)} · briefing generated ${e(input.generatedAt.slice(0, 16).replace('T', ' '))}</p></header>
${input.description ? `<p class="description">${e(input.description)}</p>` : ''}
<h2>The scene</h2>
<figure class="picture">${b.picture}<figcaption class="meta">${input.scene.nodes.length} nodes, ${b.claims.length} relationships${(input.scene.asOf ?? input.scene.filters.asOf) ? `, as of ${e(String(input.scene.asOf ?? input.scene.filters.asOf))}` : ''}.</figcaption></figure>
<h2>What the scene shows</h2>
${claims || '<p>No relationships in this scene.</p>'}
${nodeNotes ? `<h2>Notes on nodes</h2>${nodeNotes}` : ''}
${b.generalNotes.length ? `<h2>Notes</h2>${b.generalNotes.map(noteHtml).join('')}` : ''}
${missing.length ? `<h2>No longer in the database</h2><ul>${missing.map((m) => `<li>${e(m.caption ?? m.type ?? m.id)}</li>`).join('')}</ul>` : ''}
<h2>Sources</h2>
${sources ? `<ol class="sources">${sources}</ol>` : '<p>No sources cited.</p>'}
</body></html>
`;
}

// ---------------------------------------------------------------- Markdown

/** Characters Markdown would read as markup are escaped; data stays text. */
function md(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/([\\`*_[\]{}<>#|!])/g, '\\$1');
}

function noteMd(note: InvestigationNote): string {
  return `> **Note** (${md(note.author)}, ${note.updatedAt.slice(0, 16).replace('T', ' ')}): ${md(note.text)}`;
}

export function reportMarkdown(input: ReportInput): string {
  const b = build(input);
  const out: string[] = [];
  out.push(`# ${md(input.title)}`, '');
  out.push(
    `_Version ${input.version}${input.version < input.latestVersion ? ` of ${input.latestVersion}` : ''}, saved ${input.savedAt.slice(0, 16).replace('T', ' ')} by ${md(input.author)}; briefing generated ${input.generatedAt.slice(0, 16).replace('T', ' ')}._`,
    '',
  );
  if (input.description) out.push(md(input.description), '');
  out.push('## The scene', '');
  out.push(
    `![The scene: ${input.scene.nodes.length} nodes](data:image/svg+xml;base64,${Buffer.from(b.picture).toString('base64')})`,
    '',
  );
  out.push('## What the scene shows', '');
  if (b.claims.length === 0) out.push('No relationships in this scene.', '');
  for (const claim of b.claims) {
    out.push(`### ${md(claim.sentence)}`, '');
    for (const { relationship, sourceNumber } of claim.evidence) {
      const line = evidenceLine(relationship);
      const quote = text(relationship.properties.quote);
      out.push(
        `- ${quote ? `“${md(quote)}”` : 'No quote recorded.'} — ${md(line.stance)}${sourceNumber ? ` [${sourceNumber}]` : ', no source recorded'}${line.date ? `, ${md(line.date)}` : ''}`,
      );
    }
    out.push('');
    for (const note of claim.notes) out.push(noteMd(note), '');
  }
  if (b.nodeNotes.length > 0) {
    out.push('## Notes on nodes', '');
    for (const n of b.nodeNotes) {
      out.push(`### ${md(n.caption)}`, '');
      for (const note of n.notes) out.push(noteMd(note), '');
    }
  }
  if (b.generalNotes.length > 0) {
    out.push('## Notes', '');
    for (const note of b.generalNotes) out.push(noteMd(note), '');
  }
  const missing = [...input.missing.nodes, ...input.missing.edges];
  if (missing.length > 0) {
    out.push('## No longer in the database', '');
    for (const m of missing) out.push(`- ${md(m.caption ?? m.type ?? m.id)}`);
    out.push('');
  }
  out.push('## Sources', '');
  if (b.sources.length === 0) out.push('No sources cited.');
  for (const s of b.sources) {
    const url = safeUrl(s.url);
    out.push(
      `${s.number}. ${md(s.title)}${s.date ? `, ${md(s.date)}` : ''}${url ? ` — <${url}>` : ''} (${md(s.id)})`,
    );
  }
  out.push('');
  return out.join('\n');
}
