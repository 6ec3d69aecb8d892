import type { MenuItemConstructorOptions } from 'electron';

/** What the menu items do; index.ts wires them to the window, the page and the system browser. */
export interface MenuActions {
  /** File › Open weight file…: the Inspect view, which opens the native dialog. */
  openWeightFile(): void;
  /** File › Open plan…: the Plans view, which opens the native dialog. */
  openPlan(): void;
  /** File › Export a plan…: the Plans view, where each saved plan exports as JSON or Markdown. */
  exportPlan(): void;
  /** File › Forget picked files: the page may read no weight file until the user picks one again. */
  forgetPickedFiles(): void;
  /** Opens an https page in the system browser. */
  openExternal(url: string): void;
}

/** The project's pages, from the packaged package.json's homepage; absent in a build made without one. */
export interface ProjectLinks {
  docs?: string;
  reportProblem?: string;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** DevTools only where the window has them (development). */
  devTools: boolean;
  links: ProjectLinks;
  actions: MenuActions;
}

/**
 * The application menu: File (open weight file, open plan, export, forget picked files), Edit, View, Help (docs, report a
 * problem), plus the app and Window menus macOS expects. A pure function of its options, so what each
 * platform gets is tested without Electron; `Menu.buildFromTemplate` turns it into the native menu.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const { actions, links } = options;
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Weight File…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWeightFile() },
      { label: 'Open Plan…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openPlan() },
      { label: 'Export a Plan…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportPlan() },
      { type: 'separator' },
      { label: 'Forget Picked Files', click: () => actions.forgetPickedFiles() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const link = (label: string, url: string | undefined): MenuItemConstructorOptions =>
    url
      ? { label, click: () => actions.openExternal(url) }
      : // A build without a project page has nowhere to send the user: say so rather than open nothing.
        { label: `${label} (no project page in this build)`, enabled: false };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      link('Documentation', links.docs),
      link('Report a Problem…', links.reportProblem),
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'about' } as const]),
    ],
  };
  if (!mac) return [file, edit, view, help];
  return [{ label: options.appName, role: 'appMenu' }, file, edit, view, { role: 'windowMenu' }, help];
}

/**
 * The Help menu's pages for a project homepage (a GitHub repository page: electron-builder is given
 * `${server_url}/${repository}`): the README, and a new issue that already says which version on which
 * system. Only https pages: the app opens nothing else in the browser.
 */
export function projectLinks(
  homepage: unknown,
  about: { version: string; platform: NodeJS.Platform; arch: string; electron: string },
): ProjectLinks {
  if (typeof homepage !== 'string') return {};
  let url: URL;
  try {
    url = new URL(homepage);
  } catch {
    return {};
  }
  if (url.protocol !== 'https:' || url.username || url.password) return {};
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const body = [
    'What happened, and what did you expect?',
    '',
    '',
    `Weightplan ${about.version} (desktop), ${about.platform} ${about.arch}, Electron ${about.electron}`,
  ].join('\n');
  return { docs: `${base}#readme`, reportProblem: `${base}/issues/new?body=${encodeURIComponent(body)}` };
}

/** The page's address for a view, keeping the state the page's hash carries now, and asking it to start `action`. */
export function viewUrl(currentUrl: string, view: string, action?: 'open-weights' | 'open-plan'): string {
  const [base = currentUrl, hash = ''] = currentUrl.split('#', 2);
  const query = new URLSearchParams(hash.split('?').slice(1).join('?'));
  query.delete('do');
  if (action) query.set('do', action);
  const text = query.toString();
  return `${base}#/${view}${text ? `?${text}` : ''}`;
}
