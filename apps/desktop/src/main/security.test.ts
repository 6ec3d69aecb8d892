import { join } from 'node:path';
import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appUrlTest, devScriptNonce, rendererLocation } from './renderer-location.js';
import { CONTENT_SECURITY_POLICY, hardenSession, isPermissionGranted, withContentSecurityPolicy } from './security.js';

const APP_URL = 'app://weightplan/index.html';
const isAppUrl = appUrlTest({ kind: 'app', url: APP_URL, directory: '/opt/weightplan/out/renderer' });

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;
type RequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string },
) => void;
type CheckHandler = (webContents: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean;

/** A session that keeps the handlers it is given, so the test can call them as Electron would. */
function fakeSession(options: { devScriptNonce?: string } = {}) {
  const handlers: { headers?: HeadersListener; request?: RequestHandler; check?: CheckHandler; device?: () => boolean } = {};
  const session = {
    webRequest: { onHeadersReceived: (listener: HeadersListener) => (handlers.headers = listener) },
    setPermissionRequestHandler: (handler: RequestHandler) => (handlers.request = handler),
    setPermissionCheckHandler: (handler: CheckHandler) => (handlers.check = handler),
    setDevicePermissionHandler: (handler: () => boolean) => (handlers.device = handler),
  };
  hardenSession(session as unknown as Session, isAppUrl, options);
  return handlers;
}

describe('Content-Security-Policy', () => {
  it('allows scripts from the app only, never eval, inline scripts, objects or frames', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*|https?:/);
  });

  it('is set on every response the session receives, replacing one the response brought', () => {
    const { headers } = fakeSession();
    const callback = vi.fn();
    headers?.({ responseHeaders: { 'content-security-policy': ["script-src 'unsafe-eval' *"], 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('in a development run, also allows scripts carrying the dev server nonce, and still no eval', () => {
    const { headers } = fakeSession({ devScriptNonce: 'c0ffee0123456789abcdef' });
    const callback = vi.fn();
    headers?.({ responseHeaders: {} }, callback);
    const policy: string = callback.mock.calls[0]?.[0].responseHeaders['Content-Security-Policy'][0];
    expect(policy).toContain("script-src 'self' 'nonce-c0ffee0123456789abcdef';");
    expect(policy).not.toContain('unsafe-eval');
  });

  it('takes the dev nonce only for the dev server page, and only a well-formed one', () => {
    const devServer = { kind: 'url', url: 'http://localhost:5173/' } as const;
    const nonce = 'sBQEa5Hmodc1P0YpMZ3XST4R';
    expect(devScriptNonce(devServer, { WEIGHTPLAN_DEV_CSP_NONCE: nonce })).toBe(nonce);
    expect(
      devScriptNonce({ kind: 'app', url: 'app://weightplan/index.html', directory: '/app' }, { WEIGHTPLAN_DEV_CSP_NONCE: nonce }),
    ).toBeUndefined();
    expect(devScriptNonce(devServer, { WEIGHTPLAN_DEV_CSP_NONCE: "x' 'unsafe-inline" })).toBeUndefined();
    expect(devScriptNonce(devServer, {})).toBeUndefined();
  });
});

describe('permissions', () => {
  it('denies permission requests by default, from the app page too', () => {
    const { request } = fakeSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'unknown']) {
      const callback = vi.fn();
      request?.({}, permission, callback, { requestingUrl: APP_URL });
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
  });

  it('grants only clipboard writes, and only to the app page', () => {
    const { request, check } = fakeSession();
    const fromApp = vi.fn();
    request?.({}, 'clipboard-sanitized-write', fromApp, { requestingUrl: `${APP_URL}#/scenario` });
    expect(fromApp).toHaveBeenCalledWith(true);

    const fromElsewhere = vi.fn();
    request?.({}, 'clipboard-sanitized-write', fromElsewhere, { requestingUrl: 'https://evil.example/' });
    expect(fromElsewhere).toHaveBeenCalledWith(false);

    expect(check?.({}, 'media', 'file:///', { requestingUrl: APP_URL })).toBe(false);
    expect(check?.({}, 'clipboard-sanitized-write', 'file:///', {})).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', APP_URL, isAppUrl)).toBe(true);
  });

  it('grants no device (USB, HID, serial, Bluetooth)', () => {
    expect(fakeSession().device?.()).toBe(false);
  });
});

describe('the app page', () => {
  it('is the built index.html, served at app://weightplan/, in production, whatever ELECTRON_RENDERER_URL says', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(rendererLocation({ env, packaged: true, mainDirectory: '/opt/weightplan/out/main' })).toEqual({
      kind: 'app',
      url: 'app://weightplan/index.html',
      directory: join('/opt/weightplan/out/main', '..', 'renderer'),
    });
    expect(rendererLocation({ env, packaged: false, mainDirectory: '/opt/weightplan/out/main' })).toEqual({
      kind: 'url',
      url: 'http://localhost:5173/',
    });
  });

  it('never comes from a remote dev server URL', () => {
    for (const url of ['https://evil.example', 'http://192.168.1.20:5173', 'file:///tmp/index.html', 'not a url']) {
      expect(rendererLocation({ env: { ELECTRON_RENDERER_URL: url }, packaged: false, mainDirectory: '/app/out/main' }).kind, url).toBe(
        'app',
      );
    }
  });

  it('matches its own page (any route) and nothing beside it: no file:// page at all', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}#/models`)).toBe(true);
    expect(isAppUrl('app://weightplan/other.html')).toBe(false);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///opt/weightplan/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('https://weightplan/index.html')).toBe(false);
    expect(isAppUrl('https://evil.example/opt/weightplan/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });

  it('matches the dev server by origin', () => {
    const isDevApp = appUrlTest({ kind: 'url', url: 'http://localhost:5173/' });
    expect(isDevApp('http://localhost:5173/#/plans')).toBe(true);
    expect(isDevApp('http://localhost:5174/')).toBe(false);
    expect(isDevApp('http://127.0.0.1:5173/')).toBe(false);
  });
});
