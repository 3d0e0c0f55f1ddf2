import { fileSource, SeedLoader } from '../../server/seed/seed-loader.ts';
import type { BenchContext } from './bench-context.ts';

/** Applies one seed file with our loader, the same entry `npm run seed` uses. */
export async function applySeedFileForBench(ctx: BenchContext, file: string): Promise<void> {
  const result = await new SeedLoader(ctx.db).loadAll([fileSource(file)]);
  if (result.failure) throw result.failure.error;
}
