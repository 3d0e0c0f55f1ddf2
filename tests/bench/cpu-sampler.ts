import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ); 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, every thread) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return (user + system) / TICKS_PER_SECOND;
}

/** Busy CPU seconds of the whole machine so far (every core; idle and iowait left out). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return (total - idle) / TICKS_PER_SECOND;
}

/** The pid of the Java process whose command line names `homeDir` (the embedded Neo4j). */
export function jvmPidFor(homeDir: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('java') && cmdline.includes(homeDir)) return Number(entry);
    } catch {
      // The process ended while the list was read.
    }
  }
  return undefined;
}

/**
 * Where the CPU went between `start()` and `stop()`: cores used on average by each named
 * process, by the whole machine, and by everything else on it (other work sharing the cores).
 */
export function cpuShare(processes: Record<string, number>) {
  const before = {
    at: performance.now(),
    machine: machineBusySeconds(),
    each: Object.fromEntries(
      Object.entries(processes).map(([name, pid]) => [name, processCpuSeconds(pid)]),
    ),
  };
  return {
    stop(): { cores: Record<string, number>; machine: number; others: number } {
      const seconds = (performance.now() - before.at) / 1000;
      const cores: Record<string, number> = {};
      for (const [name, pid] of Object.entries(processes)) {
        cores[name] = (processCpuSeconds(pid) - (before.each[name] ?? 0)) / seconds;
      }
      const machine = (machineBusySeconds() - before.machine) / seconds;
      const ours = Object.values(cores).reduce((sum, c) => sum + c, 0);
      return { cores, machine, others: Math.max(0, machine - ours) };
    },
  };
}
