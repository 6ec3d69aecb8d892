import type { Session, WebContents } from 'electron';
import { type AppUrlTest, parseUrl } from './renderer-location.js';

/**
 * Sent with every response the session receives. The renderer's index.html carries the same policy in a
 * meta tag, so the built page is covered even where webRequest does not see file:// loads (older Electron
 * releases did not). Styles may be inline because the charts set them per element; scripts may not,
 * except, in a development run, those carrying the dev server's nonce (React's hot-reload preamble is an
 * inline script).
 */
export function contentSecurityPolicy(devScriptNonce?: string): string {
  return [
    "default-src 'self'",
    devScriptNonce ? `script-src 'self' 'nonce-${devScriptNonce}'` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The only permission the page may have: writing plain text to the clipboard (its "copy launch command"
 * button). Reading the clipboard, the camera, notifications and the rest are refused.
 */
const PERMISSIONS_FOR_THE_APP = new Set(['clipboard-sanitized-write']);

/** Permission to grant: one on the allow-list, asked for by the app's own page. */
export function isPermissionGranted(permission: string, requestingUrl: string | undefined, isAppUrl: AppUrlTest): boolean {
  return PERMISSIONS_FOR_THE_APP.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

/** The response headers with our Content-Security-Policy in place of any the response brought. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy = CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy');
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [policy] };
}

/** Session-wide rules: the CSP header on every response, permissions refused unless allow-listed, no devices. */
export function hardenSession(session: Session, isAppUrl: AppUrlTest, options: { devScriptNonce?: string } = {}): void {
  const policy = contentSecurityPolicy(options.devScriptNonce);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, isAppUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, _requestingOrigin, details) =>
    isPermissionGranted(permission, details.requestingUrl, isAppUrl),
  );
  session.setDevicePermissionHandler(() => false);
}

export interface WebContentsPolicy {
  isAppUrl: AppUrlTest;
  /** Hands a link to the system browser; only https links get this far. */
  openExternal: (url: string) => void;
}

/** Links the user clicks (model cards, licenses, price sources) open in their browser, never in the app. */
export function openInBrowserIfHttps(url: string, openExternal: (url: string) => void): void {
  if (parseUrl(url)?.protocol === 'https:') openExternal(url);
}

const hardened = new WeakSet<WebContents>();

/**
 * Per-page rules: no new windows, no navigation away from the app's page (a followed https link goes to
 * the browser instead), no <webview>. Applied to the main window and, through the app's
 * 'web-contents-created' hook, to any other contents; idempotent so both may call it.
 */
export function hardenWebContents(contents: WebContents, policy: WebContentsPolicy): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowserIfHttps(url, policy.openExternal);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (policy.isAppUrl(event.url)) return;
    event.preventDefault();
    openInBrowserIfHttps(event.url, policy.openExternal);
  });
  contents.on('will-redirect', (event) => {
    if (!policy.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
