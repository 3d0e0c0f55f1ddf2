import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'entente_session';

/**
 * A session cookie is `id.signature`: the random id (never stored: the graph keeps its
 * SHA-256) and an HMAC of it under the app secret, so a forged cookie is refused
 * without asking the database.
 */
export class SessionCookies {
  constructor(private readonly secret: string) {}

  /** A fresh session: the cookie value to send, and the digest to store. */
  issue(): { value: string; idDigest: string } {
    const id = randomBytes(32).toString('base64url');
    return { value: `${id}.${this.sign(id)}`, idDigest: digestOf(id) };
  }

  /** The stored digest a cookie value stands for, or null when it is not ours. */
  verify(value: string | undefined): string | null {
    if (!value) return null;
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const id = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(id), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return digestOf(id);
  }

  private sign(id: string): string {
    return createHmac('sha256', this.secret).update(`session:${id}`).digest('base64url');
  }
}

function digestOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure when served over HTTPS. */
export function sessionCookieHeader(
  value: string,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
