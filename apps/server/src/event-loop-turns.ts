/**
 * Procedure calls that run in the main thread take turns with the event loop's I/O: one call per turn of
 * the loop, and between two of them the loop reads its sockets, where /healthz, refusals (403, 413, 415,
 * 421, 429) and new connections are answered at once. Without turns, a poll phase that finds 45 requests
 * ready runs all 45 calls back to back (45 × 1–3 ms), and a health check that arrived meanwhile waits for
 * the lot. The total work is the same; only who waits for whom changes.
 */
export class EventLoopTurns {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** Calls waiting for their turn (diagnostics and tests). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Resolves at the caller's turn. The caller's synchronous work up to its next real I/O runs right after,
   * before the loop polls again; the next turn comes only after that poll.
   */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // An immediate queued from within an immediate runs in the loop's next iteration, after its poll phase.
    setImmediate(this.turn);
  }

  private readonly turn = (): void => {
    this.scheduled = false;
    this.waiting.shift()?.();
    this.schedule();
  };
}
