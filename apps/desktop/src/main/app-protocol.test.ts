import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  APP_PAGE_URL,
  APP_SCHEME_PRIVILEGES,
  answerAppRequest,
  registerAppScheme,
  resolveAppRequest,
  serveAppScheme,
} from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from './security.js';

// A built renderer folder, a secret beside it, and a link inside that points out of it.
const outside = mkdtempSync(join(tmpdir(), 'wp-app-scheme-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));
const renderer = join(outside, 'out', 'renderer');
mkdirSync(join(renderer, 'assets'), { recursive: true });
writeFileSync(join(renderer, 'index.html'), '<!doctype html><script type="module" src="./assets/index.js"></script>');
writeFileSync(join(renderer, 'assets', 'index.js'), 'console.log("planner")');
writeFileSync(join(renderer, 'assets', 'index.css'), 'body{}');
writeFileSync(join(renderer, 'assets', 'logo.svg'), '<svg/>');
writeFileSync(join(renderer, 'assets', 'blob.bin'), 'x');
writeFileSync(join(outside, 'secret.txt'), 'the user’s private key');
symlinkSync(join(outside, 'secret.txt'), join(renderer, 'assets', 'link.js'));
symlinkSync(outside, join(renderer, 'up'));

const get = (url: string, method = 'GET') => answerAppRequest(renderer, new Request(url, { method }));

describe('the app:// scheme', () => {
  it('is registered as a privileged standard, secure scheme that may fetch, and no more', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
    expect(APP_PAGE_URL).toBe('app://weightplan/index.html');
  });

  it('hands every app:// request to the handler that serves the renderer folder', async () => {
    const handle = vi.fn();
    serveAppScheme({ handle }, renderer);
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = handle.mock.calls[0]?.[1] as (request: Request) => Promise<Response>;
    expect(await (await handler(new Request(APP_PAGE_URL))).text()).toContain('<!doctype html>');
  });

  it('serves the page and its assets with their types, our CSP and nosniff', async () => {
    const page = await get('app://weightplan/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('app://weightplan/')).status).toBe(200);
    const script = await get('app://weightplan/assets/index.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("planner")');
    expect((await get('app://weightplan/assets/index.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://weightplan/assets/logo.svg')).headers.get('content-type')).toBe('image/svg+xml');
    expect((await get('app://weightplan/assets/blob.bin')).headers.get('content-type')).toBe('application/octet-stream');
    expect((await get('app://weightplan/assets/index.js?v=1#x')).status).toBe(200);
  });

  it.each([
    'app://weightplan/../../etc/passwd',
    'app://weightplan/..%2F..%2Fetc%2Fpasswd',
    'app://weightplan/assets/%2e%2e/%2e%2e/secret.txt',
    'app://weightplan/%2E%2E%2F%2E%2E%2Fsecret.txt',
    'app://weightplan/..%5C..%5Csecret.txt',
    'app://weightplan/%252e%252e%252fsecret.txt',
    'app://weightplan/assets/..%2f..%2f..%2fsecret.txt',
    'app://weightplan/%2Fetc%2Fpasswd',
    'app://weightplan/C:%5CWindows%5Cwin.ini',
    'app://weightplan/index.html%00.js',
    'app://weightplan/assets/link.js',
    'app://weightplan/up/secret.txt',
    'app://weightplan/assets',
    'app://weightplan/nothing-here.js',
    'app://evil/index.html',
    'app://weightplan/%E0%A4%A',
  ])('answers %s with a refusal and never a file from outside the folder', async (url) => {
    const answer = await get(url);
    expect([400, 403, 404]).toContain(answer.status);
    expect(await answer.text()).not.toContain('private key');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://weightplan/index.html', 'POST')).status).toBe(405);
    const head = await get('app://weightplan/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('says 404 for a missing file and for one outside alike (no existence oracle)', () => {
    const missing = resolveAppRequest(renderer, 'app://weightplan/assets/missing.js');
    const escaping = resolveAppRequest(renderer, 'app://weightplan/up/secret.txt');
    expect(missing).toEqual(escaping);
    expect(missing).toMatchObject({ kind: 'refused', status: 404 });
  });
});
