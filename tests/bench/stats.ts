/** Latency and throughput figures; every figure the suite reports is a median or percentile. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (values: number[]) => percentile(values, 50);

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

export function summarise(samples: number[]): LatencySummary {
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    n: samples.length,
  };
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/**
 * Runs `request` `total` times from `concurrency` parallel callers and returns each call's
 * latency in ms. `request(i)` gets a running index so callers can vary the target.
 */
export async function measureLatency(
  request: (i: number) => Promise<unknown>,
  options: { concurrency: number; total: number; warmup?: number },
): Promise<number[]> {
  for (let i = 0; i < (options.warmup ?? Math.min(50, options.total)); i += 1) await request(i);
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.total) {
      const i = next;
      next += 1;
      const started = performance.now();
      await request(i);
      samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return samples;
}

/** Times `run` `repeats` times and returns each duration in ms. */
export async function timeRuns(
  repeats: number,
  run: () => Promise<unknown>,
  before?: () => Promise<unknown>,
) {
  const durations: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    if (before) await before();
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  return durations;
}
