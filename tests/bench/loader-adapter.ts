import type { BenchContext } from './bench-context.ts';

/** Applies one seed file with our loader (the same entry the CLI uses). */
export async function applySeedFileForBench(_ctx: BenchContext, _file: string): Promise<void> {
  throw new Error('the seed loader is not wired into the benchmark yet');
}
