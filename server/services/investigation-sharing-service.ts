import { createHash, randomBytes } from 'node:crypto';
import type { GraphPayload } from '../api-types.ts';
import { AppError, notFound } from '../errors.ts';
import type {
  PublishedInvestigationResponse,
  PublishedLinkResponse,
  SharingResponse,
} from '../investigation-types.ts';
import type {
  InvestigationSharingRepository,
  SharingRecord,
} from '../repositories/investigation-sharing-repository.ts';
import type { Actor } from './investigation-access.ts';
import type { InvestigationService, Report } from './investigation-service.ts';

/** 256 bits from the system's CSPRNG: far beyond guessing, even at the rate limit. */
const TOKEN_BYTES = 32;

/** The explorer page a published link opens; the token rides in the fragment, never sent. */
export const linkPath = (token: string) => `/#link=${token}`;

/** Only this digest of a link's token is stored; the token is shown once, when published. */
export function linkHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Sharing an investigation: with every signed-in user to read or edit, or as a published
 * read-only link that its owner can revoke. A link reads that one investigation, its notes
 * and report, and the graph of its scene — nothing else.
 */
export class InvestigationSharingService {
  constructor(
    private readonly repository: InvestigationSharingRepository,
    private readonly investigations: InvestigationService,
    private readonly subgraph: (ids: string[]) => Promise<GraphPayload>,
    private readonly databaseLabels: () => Promise<string[]>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async share(id: string, access: 'read' | 'edit', actor: Actor): Promise<SharingResponse> {
    await this.mustOwn(id, actor);
    return this.answer(id, await this.repository.setSharing(id, access));
  }

  async unshare(id: string, actor: Actor): Promise<SharingResponse> {
    await this.mustOwn(id, actor);
    return this.answer(id, await this.repository.setSharing(id, 'private'));
  }

  /** A new link; any earlier link of the investigation stops working. */
  async publish(id: string, actor: Actor): Promise<PublishedLinkResponse> {
    await this.mustOwn(id, actor);
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const saved = await this.repository.setLinkHash(id, linkHash(token), this.now().toISOString());
    if (!saved) throw notFound(`No investigation ${id}.`);
    return { id, token, path: linkPath(token) };
  }

  async revoke(id: string, actor: Actor): Promise<SharingResponse> {
    await this.mustOwn(id, actor);
    return this.answer(id, await this.repository.setLinkHash(id, null, this.now().toISOString()));
  }

  /** What a link opens: the latest version, its notes, and its scene's graph as it is now. */
  async open(token: string): Promise<PublishedInvestigationResponse> {
    const actor = await this.linkActor(token);
    const investigation = await this.investigations.latest(actor.investigationId, actor);
    const missing = new Set(investigation.missing.nodes.map((n) => n.id));
    const ids = investigation.scene.nodes
      .filter((n) => !missing.has(n.id))
      .map((n) => investigation.remapped.nodes[n.id] ?? n.id);
    if (ids.length === 0) {
      return { investigation, graph: { nodes: [], edges: [] }, labelSlots: {} };
    }
    const [found, databaseLabels] = await Promise.all([this.subgraph(ids), this.databaseLabels()]);
    // Only the relationships the scene holds, not every one among its nodes.
    const edges = new Set(
      investigation.scene.edges.map((e) => investigation.remapped.edges[e] ?? e),
    );
    return {
      investigation,
      graph: { nodes: found.nodes, edges: found.edges.filter((e) => edges.has(e.id)) },
      labelSlots: labelSlots(
        databaseLabels,
        found.nodes.flatMap((n) => n.labels),
      ),
    };
  }

  async report(token: string, format: 'md' | 'html'): Promise<Report> {
    const actor = await this.linkActor(token);
    return this.investigations.report(actor.investigationId, format, undefined, actor);
  }

  private async linkActor(token: string): Promise<Extract<Actor, { kind: 'link' }>> {
    const id = await this.repository.idByLinkHash(linkHash(token));
    // Unknown, revoked and deleted look alike.
    if (!id) throw notFound('No such link: it may have been revoked.');
    return { kind: 'link', investigationId: id };
  }

  /** Sharing is changed by the owner or an admin, and only once sign-in is on. */
  private async mustOwn(id: string, actor: Actor): Promise<void> {
    if (actor.kind !== 'user') {
      throw new AppError(
        'AUTH_OFF',
        'Sharing needs sign-in, which is off on this server (ENTENTE_AUTH=off).',
        404,
      );
    }
    await this.investigations.authorize(id, actor, 'owner');
  }

  private answer(id: string, record: SharingRecord | null): SharingResponse {
    if (!record) throw notFound(`No investigation ${id}.`);
    return record;
  }
}

/**
 * The explorer gives each of the database's labels the palette slot of its place in name
 * (code unit) order, from the schema (client/src/theme/label-style.ts). A link's reader has
 * no schema, so the answer carries the slots of the scene's own labels and names no other.
 */
export function labelSlots(
  databaseLabels: readonly string[],
  sceneLabels: readonly string[],
): Record<string, number> {
  const order = [...databaseLabels].sort();
  const slots: Record<string, number> = {};
  for (const label of new Set(sceneLabels)) {
    const slot = order.indexOf(label);
    if (slot >= 0) slots[label] = slot;
  }
  return slots;
}
