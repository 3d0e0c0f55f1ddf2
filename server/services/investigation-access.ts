import type { Role } from '../auth/roles.ts';
import type { InvestigationAccess, InvestigationSharing } from '../investigation-types.ts';

/**
 * Who asks about an investigation:
 * - `local`: sign-in is off; the one analyst on the machine may do everything, as always.
 * - `user`: a signed-in user (or the admin token, an admin named `token`).
 * - `link`: whoever holds a published read-only link, for that one investigation.
 */
export type Actor =
  | { kind: 'local' }
  | { kind: 'user'; username: string; role: Role }
  | { kind: 'link'; investigationId: string };

export const LOCAL_ACTOR: Actor = { kind: 'local' };

/** Until accounts exist (sign-in off), everything is written by the one local analyst. */
export const LOCAL_AUTHOR = 'local';

export type Need = 'read' | 'edit' | 'owner';

/** What sharing decisions look at. */
export interface Shareable {
  id: string;
  owner: string | null;
  sharing: InvestigationSharing;
}

const RANK: Record<InvestigationAccess, number> = { read: 0, edit: 1, owner: 2 };

/**
 * What `actor` may do with `investigation`, or null when it may not even know it exists.
 * Admins administer every investigation; a viewer reads at most, whatever the sharing.
 */
export function accessOf(investigation: Shareable, actor: Actor): InvestigationAccess | null {
  if (actor.kind === 'local') return 'owner';
  if (actor.kind === 'link') return actor.investigationId === investigation.id ? 'read' : null;
  if (actor.role === 'admin' || investigation.owner === actor.username) return 'owner';
  if (investigation.sharing === 'private') return null;
  return actor.role === 'viewer' ? 'read' : investigation.sharing;
}

export function allows(access: InvestigationAccess, need: Need): boolean {
  return RANK[access] >= RANK[need];
}

/** The name a version or note is written under. */
export function authorOf(actor: Actor): string {
  return actor.kind === 'user' ? actor.username : LOCAL_AUTHOR;
}

/** The owner a new investigation gets: the signed-in user, or nobody with sign-in off. */
export function ownerFor(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.username : null;
}

/**
 * The list query's filter, in the repository's terms: everything (sign-in off, admins),
 * or what this user owns plus what is shared. A read-only link never lists: null.
 */
export function listScope(actor: Actor): { username: string | null } | null {
  if (actor.kind === 'link') return null;
  if (actor.kind === 'local' || actor.role === 'admin') return { username: null };
  return { username: actor.username };
}
