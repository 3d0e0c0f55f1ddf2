import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB of memory per hash, about 0.1 s. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;

function scryptAsync(
  password: Buffer,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { ...cost, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes and checks passwords with scrypt. The password is first keyed with the app
 * secret (a "pepper"), so a hash read out of the database cannot be tested offline
 * without that secret as well.
 */
export class PasswordHasher {
  constructor(private readonly secret: string) {}

  private peppered(password: string): Buffer {
    return createHmac('sha256', this.secret).update(password, 'utf8').digest();
  }

  /** `scrypt$N$r$p$salt$key`, base64url parts: the cost travels with the hash. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scryptAsync(this.peppered(password), salt, COST);
    return [
      'scrypt',
      COST.N,
      COST.r,
      COST.p,
      salt.toString('base64url'),
      key.toString('base64url'),
    ].join('$');
  }

  /** True when `password` matches; a malformed stored hash never matches. */
  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64url');
    const actual = await scryptAsync(this.peppered(password), Buffer.from(salt, 'base64url'), {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  /** Spends the time a check takes, so an unknown name answers as slowly as a known one. */
  async burn(password: string): Promise<void> {
    await scryptAsync(this.peppered(password), randomBytes(16), COST);
  }
}

/** A password to print once: 18 random bytes, 24 characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
