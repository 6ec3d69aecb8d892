import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { defaultClientConditions, defaultServerConditions } from 'vite';

const desktopRoot = import.meta.dirname;
const uiRoot = resolve(desktopRoot, '../../packages/ui');

// Workspace packages are bundled from their TypeScript sources, so the app builds without compiling them
// to dist/ first and the packaged app carries no workspace symlinks.
const serverConditions = ['@weightplan/source', ...defaultServerConditions];

export default defineConfig(({ command }) => {
  // `electron-vite dev` serves the page with an inline hot-reload preamble. Vite stamps this nonce on the
  // scripts it serves and the main process (started by electron-vite with this environment) allows it in
  // the CSP header; the built page has no inline script and gets no nonce.
  const devScriptNonce = command === 'serve' ? randomBytes(18).toString('base64') : undefined;
  if (devScriptNonce) process.env.WEIGHTPLAN_DEV_CSP_NONCE = devScriptNonce;

  return {
    main: {
      resolve: { conditions: serverConditions },
      ssr: { resolve: { conditions: serverConditions } },
      build: {
        // Only package.json "dependencies" stay external: systeminformation, which detection require()s by
        // path inside a worker thread and so must exist as a file at run time.
        externalizeDeps: true,
        sourcemap: true,
        rolldownOptions: { input: { index: resolve(desktopRoot, 'src/main/index.ts') } },
      },
    },
    preload: {
      build: {
        // A sandboxed preload may require only 'electron' and a few Node built-ins, and cannot be an ES module:
        // trpc-electron is bundled in and the output is CommonJS.
        externalizeDeps: false,
        sourcemap: true,
        rolldownOptions: {
          input: { index: resolve(desktopRoot, 'src/preload/index.ts') },
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    },
    renderer: {
      root: uiRoot,
      // Its own dependency cache: the UI package's dev server pre-bundles with a different config.
      cacheDir: resolve(desktopRoot, 'node_modules/.vite/renderer'),
      plugins: [react()],
      html: devScriptNonce ? { cspNonce: devScriptNonce } : {},
      resolve: { conditions: ['@weightplan/source', ...defaultClientConditions] },
      build: {
        outDir: resolve(desktopRoot, 'out/renderer'),
        emptyOutDir: true,
        // The same minified bundle the web mode serves: the app loads it from disk on every start.
        minify: true,
        sourcemap: true,
        chunkSizeWarningLimit: 1200,
        rolldownOptions: { input: resolve(uiRoot, 'index.html') },
      },
    },
  };
});
