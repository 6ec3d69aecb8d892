// Runs Doyensec's Electronegativity over src/ and fails on any HIGH finding (or on a file it could not
// parse, which would otherwise pass unchecked). Medium and lower findings are printed for review.
//
// Driven through its programmatic API rather than its CLI: the 1.10.3 CLI requires a `commander` it does
// not declare and breaks on the one npm hoists here. Two of its network calls are kept out of the run:
// the translations it fetches from S3 on every start (its English strings ship with it), and
// AvailableSecurityFixesGlobalCheck, which downloads Electron's release list from GitHub (Electron's
// version is pinned in package.json and reviewed there, not by a source lint).
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const desktopDirectory = fileURLToPath(new URL('..', import.meta.url));
const sourceDirectory = join(desktopDirectory, 'src');
const require = createRequire(import.meta.url);
const packageDirectory = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const packageRequire = createRequire(join(packageDirectory, 'package.json'));

/** Puts an offline version of Electronegativity's translation loader in the module cache before it loads. */
function useBundledTranslations() {
  const loaderPath = packageRequire.resolve('./dist/locales/i18n.js');
  const i18n = packageRequire('i18n');
  const loader = new Module(loaderPath);
  loader.filename = loaderPath;
  loader.loaded = true;
  loader.exports = async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(loaderPath),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      // The checks call a global __() for their descriptions.
      register: globalThis,
    });
    i18n.setLocale('en-US');
  };
  require.cache[loaderPath] = loader;
}

/**
 * @typedef {{ id: string, file: string, location: { line: number, column: number }, description: string,
 *   severity: { name: string }, confidence: { name: string }, manualReview: boolean }} Issue
 * @typedef {{ issues: Issue[], errors: { file: string, message: string, tolerable: boolean }[],
 *   atomicChecks: number, globalChecks: number }} Report
 */

useBundledTranslations();
const run = packageRequire('./dist/runner.js');
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

/** @type {Report} */
const report = await run(
  {
    input: sourceDirectory,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: 'informational',
    confidenceSet: 'tentative',
    isRelative: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);

const where = (/** @type {string} */ file) => relative(desktopDirectory, file);
for (const issue of report.issues) {
  const review = issue.manualReview ? ' (review)' : '';
  console.log(
    `${issue.severity.name} ${issue.confidence.name}${review} ${issue.id} ${where(issue.file)}:${issue.location.line}:${issue.location.column} ${issue.description}`,
  );
}
const unparsed = report.errors.filter((error) => !error.tolerable);
for (const error of unparsed) console.log(`NOT CHECKED ${where(error.file)}: ${error.message}`);

const high = report.issues.filter((issue) => issue.severity.name === 'HIGH');
console.log(
  `electronegativity ${report.atomicChecks} + ${report.globalChecks} checks over ${where(sourceDirectory)}: ` +
    `${report.issues.length} findings, ${high.length} high, ${unparsed.length} files not parsed`,
);
if (high.length > 0 || unparsed.length > 0) process.exitCode = 1;
