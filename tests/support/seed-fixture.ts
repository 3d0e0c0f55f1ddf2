import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { fileSource, SeedLoader } from '../../server/seed/seed-loader.ts';

export const CYPHER_DIR = join(process.cwd(), 'cypher');

/** The seed files of cypher/, in name order. */
export function seedFiles(): string[] {
  return readdirSync(CYPHER_DIR)
    .filter((name) => name.endsWith('.cypher'))
    .sort()
    .map((name) => join(CYPHER_DIR, name));
}

/**
 * Loads seed files into the test database (default: all of cypher/) with the seed loader,
 * exactly as `npm run seed` does: already applied, unchanged files are skipped.
 */
export async function loadSeeds(db: Database, files: string[] = seedFiles()): Promise<void> {
  const result = await new SeedLoader(db).loadAll(files.map(fileSource));
  if (result.failure) throw result.failure.error;
}
