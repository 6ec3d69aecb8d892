import { exposeElectronTRPC } from 'trpc-electron/main';

// The page's one door to the main process: `window.electronTRPC`, which only sends and receives on
// trpc-electron's channel. No Node, no ipcRenderer, nothing else.
exposeElectronTRPC();
