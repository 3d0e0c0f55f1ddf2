import type { ApiClient } from './api-client.ts';

export type DatabaseStatus = { reachable: true } | { reachable: false; message: string };

/**
 * Polls /api/health: slowly while all is well, faster while the database is away, so the
 * banner clears soon after it returns.
 */
export function monitorHealth(
  api: ApiClient,
  onChange: (status: DatabaseStatus) => void,
  intervals = { healthyMs: 10_000, unhealthyMs: 2_000 },
): { checkNow: () => void; stop: () => void } {
  let reachable = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const check = async () => {
    clearTimeout(timer);
    const health = await api.health();
    if (stopped) return;
    const ok = health.status === 'ok';
    if (ok !== reachable) {
      reachable = ok;
      onChange(
        health.neo4j.connected
          ? { reachable: true }
          : { reachable: false, message: health.neo4j.message },
      );
    }
    timer = setTimeout(() => void check(), ok ? intervals.healthyMs : intervals.unhealthyMs);
  };
  void check();
  return {
    checkNow: () => void check(),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
