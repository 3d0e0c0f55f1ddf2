import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../server/db/database.ts';

export const CYPHER_DIR = join(process.cwd(), 'cypher');

/** The seed files of cypher/, in name order. */
export function seedFiles(): string[] {
  return readdirSync(CYPHER_DIR)
    .filter((name) => name.endsWith('.cypher'))
    .sort()
    .map((name) => join(CYPHER_DIR, name));
}

/**
 * Loads seed files into the test database (default: all of cypher/).
 * Interim: splits on `;` at line ends; the seed loader replaces this.
 */
export async function loadSeeds(db: Database, files: string[] = seedFiles()): Promise<void> {
  for (const file of files) {
    const statements = readFileSync(file, 'utf8')
      .split(/;\s*$/m)
      .map((s) => s.replace(/^\s*\/\/.*$/gm, '').trim())
      .filter(Boolean);
    for (const statement of statements) {
      if (
        /^\s*(CREATE|DROP)\s+(CONSTRAINT|INDEX|FULLTEXT|RANGE|TEXT|POINT|VECTOR|LOOKUP)/i.test(
          statement,
        )
      ) {
        await db.autoCommit(statement);
      } else {
        await db.write((tx) => tx.run(statement));
      }
    }
  }
}
