import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that signs session cookies and keys password hashes: ENTENTE_SECRET when set
 * (replicas must share one), else a random one kept beside the embedded Neo4j's own
 * password in ENTENTE_HOME (mode 0600), made on first use.
 */
export function resolveSecret(configured: string | undefined, homeDir: string): string {
  if (configured) return configured;
  const file = join(homeDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(homeDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
