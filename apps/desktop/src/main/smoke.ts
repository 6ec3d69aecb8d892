/**
 * The packaged app's smoke test (scripts/smoke.test.ts starts it under Xvfb with WEIGHTPLAN_SMOKE_TEST=1):
 * the window loads its page, the page reaches the main process over IPC (the header shows the version that
 * `app.info` answered), then the app exits 0 and prints SMOKE_OK. A page that fails to load, or never hears
 * from the main process, exits non-zero with the reason.
 */

export const SMOKE_ENV = 'WEIGHTPLAN_SMOKE_TEST';
export const SMOKE_OK = 'weightplan-smoke: ok';

/** What the smoke check needs of a window's web contents. */
export interface SmokeContents {
  once(event: 'did-finish-load', listener: () => void): unknown;
  once(event: 'did-fail-load', listener: (event: unknown, code: number, description: string) => void): unknown;
  executeJavaScript(code: string): Promise<unknown>;
}

export interface SmokeOptions {
  exit: (code: number) => void;
  log: (line: string) => void;
  timeoutMs?: number;
  pollMs?: number;
}

// The version in the header comes from app.info over IPC: present only when the whole path works.
const PROBE = `(() => { const h = document.querySelector('.app-header h1'); return h && h.querySelector('.muted')?.textContent ? h.textContent : null; })()`;

export function watchSmokeTest(contents: SmokeContents, options: SmokeOptions): void {
  let finished = false;
  const finish = (code: number, line: string) => {
    if (finished) return;
    finished = true;
    clearInterval(poll);
    clearTimeout(deadline);
    options.log(line);
    options.exit(code);
  };
  let poll: ReturnType<typeof setInterval> | undefined;
  const deadline = setTimeout(
    () => finish(2, `weightplan-smoke: the page did not show the version from the main process within ${options.timeoutMs ?? 30_000} ms`),
    options.timeoutMs ?? 30_000,
  );
  contents.once('did-fail-load', (_event, code, description) =>
    finish(1, `weightplan-smoke: the page failed to load: ${description} (${code})`),
  );
  contents.once('did-finish-load', () => {
    poll = setInterval(() => {
      contents.executeJavaScript(PROBE).then(
        (heading) => {
          if (typeof heading === 'string' && heading.trim()) finish(0, `${SMOKE_OK}: ${heading.trim()}`);
        },
        (error: unknown) =>
          finish(1, `weightplan-smoke: the page could not be read: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, options.pollMs ?? 250);
  });
}
