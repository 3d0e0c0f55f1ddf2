import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow, Section, Size } from './bench-context.ts';

/**
 * One report across sizes: each size runs in its own process (its own Neo4j, sized for
 * it), one after the other, writing its usual report; this then sets their timed rows side
 * by side and compares the largest size with the smallest.
 */

interface SizeResult {
  size: Size;
  machine: string;
  date: string;
  rows: BenchRow[];
}

/** Rows that must stay flat as the graph grows: p95 at the largest size ≤ 1.5× the smallest. */
const FLAT = ['expand', 'search', 'paths'];
const FLAT_RATIO = 1.5;

export function runSizes(
  sizes: Size[],
  only: Section[],
  resultsDir: string,
  options: { run: boolean },
): void {
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const run = !options.run
      ? { status: 0 }
      : spawnSync(
          process.execPath,
          [
            ...process.execArgv,
            process.argv[1] as string,
            '--size',
            size,
            ...only.flatMap((s) => ['--only', s]),
          ],
          { stdio: 'inherit' },
        );
    if (run.status !== 0) throw new Error(`the ${size} run failed (exit ${run.status})`);
    const stem = `${size}-${only.join('-')}`;
    results.push(JSON.parse(readFileSync(join(resultsDir, `${stem}.json`), 'utf8')) as SizeResult);
  }
  const smallest = results[0] as SizeResult;
  const largest = results.at(-1) as SizeResult;
  const p95 = (result: SizeResult, key: string) => result.rows.find((r) => r.key === key)?.p95;
  const row = (key: string) => smallest.rows.find((r) => r.key === key);
  const lines = [
    `API at ${sizes.map((s) => `\`${s}\``).join(', ')}, ${options.run ? 'one run after the other' : 'from each size’s latest run'} on ${largest.machine}, ${results.map((r) => `${r.size} ${r.date}`).join(', ')}. p95 is the median of 3 runs; each size's report (${sizes.map((s) => `${s}-${only.join('-')}.md`).join(', ')}) has the spread.`,
    '',
    `| what | ${sizes.map((s) => `p95 at \`${s}\``).join(' | ')} | ${largest.size}/${smallest.size} | target | met |`,
    `|---|${sizes.map(() => '---|').join('')}---|---|---|`,
  ];
  // The machine's own floor in each run: on a shared machine it moves with the load.
  const floor = (r: SizeResult) =>
    r.rows.find((x) => x.what.startsWith('floor: Bolt'))?.figure.match(/p95 ([\d.]+)/)?.[1];
  lines.push(
    `| floor: Bolt round trip of RETURN 1, same run | ${results.map((r) => `${floor(r) ?? '—'} ms`).join(' | ')} |  |  |  |`,
  );
  for (const key of FLAT) {
    const first = p95(smallest, key);
    const last = p95(largest, key);
    const ratio = first && last ? last / first : Number.NaN;
    lines.push(
      `| ${row(key)?.what ?? key} | ${results.map((r) => `${p95(r, key) ?? '—'} ms`).join(' | ')} | ${ratio.toFixed(2)}× | ≤ ${FLAT_RATIO}× | ${ratio <= FLAT_RATIO ? 'yes' : '**no**'} |`,
    );
  }
  for (const key of ['supernode-first', 'supernode-deep']) {
    const last = largest.rows.find((r) => r.key === key);
    lines.push(
      `| ${last?.what ?? key} | ${results.map((r) => `${p95(r, key) ?? '—'} ms`).join(' | ')} |  | ${last?.target ?? ''} | ${last?.met === undefined ? '' : last.met ? 'yes' : '**no**'} |`,
    );
  }
  const loadRow = largest.rows.find((r) => r.key === 'load');
  if (loadRow)
    lines.push('', `Load of \`${largest.size}\`: ${loadRow.figure} (${loadRow.baseline}).`);
  lines.push(
    '',
    ...results.map(
      (r) =>
        `Load average at \`${r.size}\`: ${r.rows.find((x) => x.what.endsWith('before'))?.figure} before, ${r.rows.find((x) => x.what.endsWith('after'))?.figure} after.`,
    ),
  );
  const table = lines.join('\n');
  const stem = `${sizes.join('-')}-${only.join('-')}`;
  writeFileSync(join(resultsDir, `${stem}.md`), `${table}\n`);
  console.log(`\n${table}\n`);
}
