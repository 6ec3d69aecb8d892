import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One renderer for two hosts: the desktop app loads dist/ from disk (relative asset paths), the server
// serves it at /.
export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { conditions: ['@weightplan/source'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
});
