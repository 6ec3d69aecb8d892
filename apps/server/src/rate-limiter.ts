/**
 * Fixed-window request counter per client. A client over its limit gets 429 with the seconds until its
 * window resets; windows are dropped when they expire so memory stays bounded by active clients.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts `cost` requests (each call of a batch is one); returns 0 when allowed, else the seconds to wait.
   * A refused request still counts: a client hammering past its limit stays limited.
   */
  take(client: string, cost = 1): number {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(client, window);
    }
    window.count += cost;
    if (this.windows.size > 10_000) {
      for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
    }
    return window.count > this.limit ? Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) : 0;
  }
}
