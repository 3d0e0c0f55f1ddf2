import { parseSeedChunks, type SeedStatement } from '../cypher/statement-splitter.ts';
import type { FileParams } from './seed-params.ts';
import type { SeedScan, SeedSource } from './seed-plan.ts';
import { analyseStatement, type StatementAnalysis } from './statement-analysis.ts';

export type FileStep =
  | {
      kind: 'statement';
      statement: SeedStatement;
      analysis: StatementAnalysis;
      /** The `:param` values in force for this statement. */
      params: Record<string, unknown>;
    }
  | { kind: 'begin' | 'commit' | 'rollback' };

/**
 * The one walk over a file that runs it: applying (in one transaction or in parts), the
 * dry run and validation all read the file through here. Each statement comes with its
 * analysis and the `:param` values in force; a `:param` is evaluated on the way, after
 * `beforeParam` has let the caller send what it holds under the values before it.
 */
export async function* fileSteps(
  source: SeedSource,
  scan: SeedScan,
  params: FileParams,
  beforeParam: () => unknown = () => undefined,
): AsyncGenerator<FileStep> {
  // The plan kept what it read of a small file: no second parse, no second analysis.
  const kept = scan.kept;
  for await (const item of kept ? kept.items : parseSeedChunks(source.read())) {
    if (item.kind === 'param') {
      await beforeParam();
      await params.set(item);
    } else if (item.kind === 'statement') {
      const analysis = kept?.analyses[item.index] ?? analyseStatement(item.text);
      yield { kind: 'statement', statement: item, analysis, params: params.values };
    } else {
      yield { kind: item.kind };
    }
  }
}
