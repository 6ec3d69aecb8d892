// Runs the CLI from its TypeScript sources (node --conditions=@weightplan/source --import tsx), so process
// tests (signals, stdio protocols) need no build.
import { run } from '../src/main.js';

process.exitCode = await run(process.argv.slice(2));
