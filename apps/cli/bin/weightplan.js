#!/usr/bin/env node
// Entry point kept in git so `npx weightplan` resolves before a build; the code lives in dist/.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('weightplan is not built yet: run `npm run build` (or `npm start`) in the repository first\n');
  process.exit(2);
}
// `weightplan gpus | head` closes the pipe early: stop quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
