import { basename } from 'node:path';
import type { BenchHost } from '@weightplan/api';

/** A run shorter than this is watched to the end; one longer, the user has likely switched away. */
export const LONG_BENCH_MS = 20_000;

export interface BenchNotice {
  title: string;
  body: string;
}

export interface NotifyingBenchOptions {
  /** Shows an OS notification (Electron's Notification where supported). */
  notify: (notice: BenchNotice) => void;
  longMs?: number;
  now?: () => number;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}

const rate = (tokensPerSecond: number) => `${tokensPerSecond.toFixed(1)} tokens/s`;

/**
 * The machine's bench with an OS notification when a long measurement or install ends, successful or not
 * ("Measure this machine" can take minutes: installing llama.cpp, loading gigabytes). Short ones stay
 * quiet: the user is still looking at the page that shows the result.
 */
export function notifyingBench(host: BenchHost, options: NotifyingBenchOptions): BenchHost {
  const now = options.now ?? Date.now;
  const longMs = options.longMs ?? LONG_BENCH_MS;
  async function watched<T>(what: string, work: () => Promise<T>, done: (result: T) => string): Promise<T> {
    const started = now();
    try {
      const result = await work();
      const elapsed = now() - started;
      if (elapsed >= longMs) options.notify({ title: `${what}: done`, body: `${done(result)} (took ${duration(elapsed)})` });
      return result;
    } catch (error) {
      const elapsed = now() - started;
      if (elapsed >= longMs) {
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
        options.notify({ title: `${what}: failed`, body: `${reason} (after ${duration(elapsed)})` });
      }
      throw error;
    }
  }
  return {
    install: (backend) =>
      watched(
        `Installing llama.cpp (${backend})`,
        () => host.install(backend),
        (r) => (r.alreadyInstalled ? `${r.version} was already installed` : `${r.version} installed`),
      ),
    measureFile: (request) =>
      watched(
        `Measuring ${basename(request.path)}`,
        () => host.measureFile(request),
        (r) => `generation ${rate(r.decodeTokensPerSecond.median)}`,
      ),
    measureSynthetic: (request) =>
      watched(
        `Measuring ${request.model.name} at ${request.precision.id}`,
        () => host.measureSynthetic(request),
        (r) => `generation ${rate(r.decodeTokensPerSecond.median)}`,
      ),
    measureEndpoint: (request) =>
      watched(
        `Measuring ${request.url}`,
        () => host.measureEndpoint(request),
        (r) => `${r.model}: generation ${rate(r.decodeTokensPerSecond.median)}`,
      ),
  };
}
