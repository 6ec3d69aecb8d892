import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The web build of @weightplan/ui, when it has been built (npm run build); undefined otherwise. */
export function defaultUiDirectory(): string | undefined {
  try {
    const packageJson = createRequire(import.meta.url).resolve('@weightplan/ui/package.json');
    const dist = join(dirname(packageJson), 'dist');
    return existsSync(join(dist, 'index.html')) ? dist : undefined;
  } catch {
    return undefined;
  }
}
