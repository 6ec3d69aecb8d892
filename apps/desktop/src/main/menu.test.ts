import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions, type MenuOptions, projectLinks, viewUrl } from './menu.js';

const HOMEPAGE = 'https://github.com/weightplan/weightplan';
const ABOUT = { version: '0.1.0', platform: 'linux' as const, arch: 'x64', electron: '45.5.0' };

function actions() {
  return {
    openWeightFile: vi.fn<() => void>(),
    openPlan: vi.fn<() => void>(),
    exportPlan: vi.fn<() => void>(),
    forgetPickedFiles: vi.fn<() => void>(),
    openExternal: vi.fn<(url: string) => void>(),
  } satisfies MenuActions;
}

function template(overrides: Partial<Omit<MenuOptions, 'actions'>> = {}) {
  const options = {
    platform: 'linux',
    appName: 'Weightplan',
    devTools: false,
    links: projectLinks(HOMEPAGE, ABOUT),
    actions: actions(),
    ...overrides,
  } satisfies MenuOptions;
  return { options, menu: buildMenuTemplate(options) };
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const named = (menu: MenuItemConstructorOptions[], label: string) => menu.find((m) => m.label?.replace('&', '') === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

describe('the application menu', () => {
  it('has File, Edit, View and Help on Linux and Windows, with Quit under File', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { menu } = template({ platform });
      expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
      expect(submenu(named(menu, 'File')).at(-1)).toEqual({ role: 'quit' });
    }
  });

  it('adds the app and Window menus on macOS, where Close replaces Quit under File', () => {
    const { menu } = template({ platform: 'darwin' });
    expect(menu[0]).toEqual({ label: 'Weightplan', role: 'appMenu' });
    expect(menu.map((m) => m.role ?? m.label)).toEqual(['appMenu', '&File', '&Edit', '&View', 'windowMenu', 'help']);
    expect(submenu(named(menu, 'File')).at(-1)).toEqual({ role: 'close' });
  });

  it('File opens a weight file, opens a plan and exports one, each with a shortcut', () => {
    const { menu, options } = template();
    const [weights, plan, exportPlan] = submenu(named(menu, 'File'));
    expect([weights?.label, weights?.accelerator]).toEqual(['Open Weight File…', 'CmdOrCtrl+O']);
    expect([plan?.label, plan?.accelerator]).toEqual(['Open Plan…', 'CmdOrCtrl+Shift+O']);
    expect([exportPlan?.label, exportPlan?.accelerator]).toEqual(['Export a Plan…', 'CmdOrCtrl+E']);
    click(weights);
    click(plan);
    click(exportPlan);
    expect(options.actions.openWeightFile).toHaveBeenCalledOnce();
    expect(options.actions.openPlan).toHaveBeenCalledOnce();
    expect(options.actions.exportPlan).toHaveBeenCalledOnce();
  });

  it('File can forget every weight file picked so far (they are remembered across restarts)', () => {
    const { menu, options } = template();
    const forget = submenu(named(menu, 'File')).find((item) => item.label === 'Forget Picked Files');
    click(forget);
    expect(options.actions.forgetPickedFiles).toHaveBeenCalledOnce();
  });

  it('Edit has the clipboard roles the page needs (copy a launch command, paste a Hub id)', () => {
    const roles = submenu(named(template().menu, 'Edit')).map((m) => m.role ?? m.type);
    expect(roles).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('View offers DevTools only where the window has them', () => {
    const roles = (devTools: boolean) => submenu(named(template({ devTools }).menu, 'View')).map((m) => m.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
  });

  it('Help opens the docs and a new issue that names the version and system, in the browser', () => {
    const { menu, options } = template();
    const [docs, report] = submenu(named(menu, 'Help'));
    click(docs);
    click(report);
    const [[docsUrl], [reportUrl]] = options.actions.openExternal.mock.calls as [[string], [string]];
    expect(docsUrl).toBe(`${HOMEPAGE}#readme`);
    expect(reportUrl.startsWith(`${HOMEPAGE}/issues/new?body=`)).toBe(true);
    expect(decodeURIComponent(reportUrl.split('body=')[1] ?? '')).toContain('Weightplan 0.1.0 (desktop), linux x64, Electron 45.5.0');
  });

  it('Help says there is no project page in a build without one, instead of opening nothing', () => {
    const [docs, report] = submenu(named(template({ links: {} }).menu, 'Help'));
    expect(docs).toEqual({ label: 'Documentation (no project page in this build)', enabled: false });
    expect(report?.enabled).toBe(false);
  });
});

describe('projectLinks', () => {
  it('takes only an https homepage, trailing slash or not', () => {
    expect(projectLinks(`${HOMEPAGE}/`, ABOUT).docs).toBe(`${HOMEPAGE}#readme`);
    for (const homepage of [undefined, 42, 'not a url', 'http://github.com/x/y', 'file:///etc', 'https://user:pw@github.com/x/y']) {
      expect(projectLinks(homepage, ABOUT), String(homepage)).toEqual({});
    }
  });
});

describe('viewUrl', () => {
  it('keeps the state the page shows, changes the view, and asks for the action once', () => {
    const current = 'app://weightplan/index.html#/scenario?model=qwen3%3A8b&context=32768&do=open-plan';
    expect(viewUrl(current, 'inspect', 'open-weights')).toBe(
      'app://weightplan/index.html#/inspect?model=qwen3%3A8b&context=32768&do=open-weights',
    );
    expect(viewUrl(current, 'plans')).toBe('app://weightplan/index.html#/plans?model=qwen3%3A8b&context=32768');
    expect(viewUrl('app://weightplan/index.html', 'plans', 'open-plan')).toBe('app://weightplan/index.html#/plans?do=open-plan');
  });
});
