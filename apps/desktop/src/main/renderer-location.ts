import { join } from 'node:path';

/** The built page's own scheme and origin (app-protocol.ts serves it): app://weightplan/index.html. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'weightplan';
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Where the window's page comes from: the built files next to the main bundle, served at
 * app://weightplan/ from `directory`, or electron-vite's dev server.
 */
export type RendererLocation = { kind: 'app'; url: string; directory: string } | { kind: 'url'; url: string };

/** True for the app's own page and nothing else: the one page allowed to load, navigate and call the API. */
export type AppUrlTest = (url: string) => boolean;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * electron-vite's dev server announces itself in ELECTRON_RENDERER_URL. A packaged app ignores it, and a
 * development run accepts only a loopback http URL: the variable decides which page gets the API, so it
 * must never point the window at a remote site.
 */
export function rendererLocation(options: { env: NodeJS.ProcessEnv; packaged: boolean; mainDirectory: string }): RendererLocation {
  const devUrl = options.env.ELECTRON_RENDERER_URL;
  if (!options.packaged && devUrl && isLoopbackHttpUrl(devUrl)) return { kind: 'url', url: new URL(devUrl).href };
  return { kind: 'app', url: APP_PAGE_URL, directory: join(options.mainDirectory, '..', 'renderer') };
}

/** A URL from a page or an event, or null where it does not parse (never throws on what a page sends). */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isLoopbackHttpUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
}

/**
 * The nonce electron-vite's dev server puts on the scripts it injects (set by electron.vite.config.ts for
 * `electron-vite dev`, random per run), for the development CSP; undefined for the built page.
 */
export function devScriptNonce(location: RendererLocation, env: NodeJS.ProcessEnv): string | undefined {
  const nonce = env.WEIGHTPLAN_DEV_CSP_NONCE;
  return location.kind === 'url' && nonce && /^[A-Za-z0-9+/]{16,}={0,2}$/.test(nonce) ? nonce : undefined;
}

/**
 * The page itself in production (app://weightplan/index.html; every file:// page, and any other page of
 * the scheme, is foreign), the dev server's origin in development. The fragment is the UI's own routing
 * and the query is ignored.
 */
export function appUrlTest(location: RendererLocation): AppUrlTest {
  if (location.kind === 'url') {
    const origin = new URL(location.url).origin;
    return (url) => parseUrl(url)?.origin === origin;
  }
  const page = new URL(location.url);
  return (url) => {
    const parsed = parseUrl(url);
    return parsed !== null && parsed.protocol === page.protocol && parsed.host === page.host && parsed.pathname === page.pathname;
  };
}
