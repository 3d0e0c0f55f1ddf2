/**
 * Counts failed sign-ins per username and per address over a sliding minute; past the
 * limit, further attempts are refused before any password is checked. Kept in memory:
 * each replica counts its own share.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this username or this address has failed more than the limit. */
  blocked(username: string, address: string): boolean {
    return (
      this.count(`user:${username.toLowerCase()}`) >= this.limit ||
      this.count(`ip:${address}`) >= this.limit
    );
  }

  recordFailure(username: string, address: string): void {
    for (const key of [`user:${username.toLowerCase()}`, `ip:${address}`]) {
      const recent = this.recent(key);
      recent.push(this.now());
      this.failures.set(key, recent);
    }
    if (this.failures.size > 10_000) this.prune();
  }

  private count(key: string): number {
    return this.recent(key).length;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
