import { ROLES, type Role } from './roles.ts';

export type Claims = Readonly<Record<string, unknown>>;

/**
 * The values of the role claim as strings: a string is one value, an array its string
 * items. A name missing as such but holding dots is walked as a path, so Keycloak's
 * `realm_access.roles` works while a namespaced `https://example.org/roles` still does too.
 */
export function claimValues(claims: Claims, name: string): string[] {
  let value: unknown = claims[name];
  if (value === undefined && name.includes('.')) {
    value = name
      .split('.')
      .reduce<unknown>(
        (at, part) =>
          at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined,
        claims,
      );
  }
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** The highest role any value maps to; else the default role (undefined when none is set). */
export function roleFromValues(
  values: readonly string[],
  mapping: ReadonlyMap<string, Role>,
  defaultRole: Role | undefined,
): Role | undefined {
  let best: Role | undefined;
  for (const value of values) {
    const role = mapping.get(value);
    if (role && (best === undefined || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best ?? defaultRole;
}

/** The name a person is known by in Entente: `preferred_username`, else `email`, else `sub`. */
export function usernameFromClaims(claims: Claims): string | undefined {
  for (const key of ['preferred_username', 'email', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return undefined;
}
