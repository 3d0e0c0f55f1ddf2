import { seededRandom } from './random-graph.ts';

/**
 * A fixed CPU workload run the same way in Node and in the bench page, so a report says
 * how fast this host was while it ran: sorting, hashing strings and building small
 * objects, the kind of work a graph renderer does. Returns the ms of one run.
 */
export function calibrationRun(): number {
  const started = performance.now();
  const random = seededRandom(99);
  const numbers = Float64Array.from({ length: 50_000 }, () => random());
  numbers.sort();
  const seen = new Map<string, { x: number; y: number }>();
  let h = 0;
  for (let i = 0; i < 30_000; i++) {
    const key = `n${i % 5_000}:${Math.floor((numbers[i] as number) * 1_000)}`;
    for (let c = 0; c < key.length; c++) h = Math.imul(h ^ key.charCodeAt(c), 16_777_619);
    seen.set(key, { x: i, y: h });
  }
  if (seen.size === 0) throw new Error('unreachable: keeps the work from being optimised away');
  return performance.now() - started;
}

/** Runs the workload `runs` times after one warm-up run; each run's ms. */
export function calibrate(runs = 7): number[] {
  calibrationRun();
  return Array.from({ length: runs }, calibrationRun);
}
