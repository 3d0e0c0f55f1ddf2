/** Roles, each holding everything the ones before it may do. */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Who a request acts for: a signed-in user, or the admin token (named `token`). */
export interface Identity {
  username: string;
  role: Role;
  via: 'session' | 'token';
}
