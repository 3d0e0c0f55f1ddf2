import type { SessionResponse } from '../../../server/api-types.ts';

/** Who uses the explorer, settled once before it starts (see boot.ts). */
let current: SessionResponse = { mode: 'off', user: null };

export function setSession(session: SessionResponse): void {
  current = session;
}

export function currentSession(): SessionResponse {
  return current;
}

/** The console and saved questions need the analyst role once sign-in is on. */
export function canUseConsole(session: SessionResponse): boolean {
  return session.mode === 'off' || (session.user !== null && session.user.role !== 'viewer');
}

/** The sign-in page is shown when sign-in is on and nobody is signed in. */
export function needsSignIn(session: SessionResponse): boolean {
  return session.mode !== 'off' && session.user === null;
}
