import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeInitialPassword } from '../../server/neo4j/neo4j-config.ts';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'entente-initial-password-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("a new store's initial password", () => {
  it('when the store is new, then auth.ini holds a salted 1,024-round SHA-256 of the password, readable by its owner only', () => {
    expect(writeInitialPassword(home, 'correct horse')).toBe(true);
    const file = join(home, 'data', 'dbms', 'auth.ini');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const match = /^neo4j:SHA-256,([0-9a-f]{64}),([0-9a-f]{64}),1024:\n$/.exec(
      readFileSync(file, 'utf8'),
    );
    expect(match).not.toBeNull();
    // Neo4j's hasher: the digest of salt and password, digested again 1,023 times.
    let hash = createHash('sha256')
      .update(Buffer.from(match?.[2] ?? '', 'hex'))
      .update('correct horse')
      .digest();
    for (let round = 1; round < 1024; round += 1) hash = createHash('sha256').update(hash).digest();
    expect(match?.[1]).toBe(hash.toString('hex'));
  });

  it('when the store already has its system database, then nothing is written', () => {
    mkdirSync(join(home, 'data', 'databases', 'system'), { recursive: true });
    expect(writeInitialPassword(home, 'correct horse')).toBe(false);
    expect(() => statSync(join(home, 'data', 'dbms', 'auth.ini'))).toThrow();
  });
});
