import { join, resolve } from 'node:path';
import type { EmbeddedOptions } from '../../server/neo4j/launcher.ts';
import type { Size } from './bench-context.ts';

/**
 * Neo4j memory per benchmark size, for the 24 GiB, 2-core machine the suite runs on. The
 * page cache holds the whole store (xlarge: about 2.5 GB on disk) so no query reads the
 * disk; the heap holds one loader transaction of 100,000 statements (a quarter of the heap
 * is one transaction's cap) and the query working sets.
 */
export const BENCH_MEMORY: Record<Size, { heap: string; pageCache: string }> = {
  small: { heap: '2g', pageCache: '1g' },
  large: { heap: '4g', pageCache: '2g' },
  xlarge: { heap: '4g', pageCache: '4g' },
};

/**
 * The benchmark's embedded Neo4j. `xlarge` keeps its store between runs in
 * `.neo4j/bench-xlarge` (a hidden marker node says which graph it holds), since loading
 * six million statements takes long on two cores; the others start empty in the run's
 * scratch folder.
 */
export function benchNeo4jOptions(size: Size, workDir: string): EmbeddedOptions {
  return {
    homeDir: size === 'xlarge' ? resolve('.neo4j', 'bench-xlarge') : join(workDir, 'neo4j'),
    libDir: resolve('.neo4j', 'lib'),
    boltPort: size === 'xlarge' ? 27697 : 27687,
    ...BENCH_MEMORY[size],
  };
}
