import { resolve } from 'node:path';

/**
 * The weight files and folders the user picked in a native dialog: the only paths a renderer may have the
 * main process read. The page can name any path it likes in `inspect`, `models.import` or an estimate's
 * model; a compromised page would use that to read the headers of any file the user can read. Passing
 * these paths as the API's allowed roots confines such reads to what the user chose on their own screen.
 */
export class GrantedPaths {
  private readonly paths = new Set<string>();

  /** Records a path the user picked (a file grants that file; a folder, what lies under it). */
  grant(path: string): void {
    this.paths.add(resolve(path));
  }

  /** The grants so far, as `ApiContext.allowedRoots` for one call: empty until the user picks something. */
  roots(): readonly string[] {
    return [...this.paths];
  }
}
