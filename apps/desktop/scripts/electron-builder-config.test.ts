import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';

const desktopDirectory = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// electron-builder's own loader and schema, so a misspelt key fails here rather than in a release build.
const config = await getConfig(desktopDirectory, null, null);

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    const quietLogger = { isEnabled: false, add: () => {} } as unknown as Parameters<typeof validateConfiguration>[1];
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows, as dev.weightplan.desktop', () => {
    expect(config.appId).toBe('dev.weightplan.desktop');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('ships out/ (where package.json "main" points) and no source maps', () => {
    expect(JSON.stringify(config.files)).toContain('out/**');
    expect(JSON.stringify(config.files)).toContain('!out/**/*.map');
    expect(manifest.main).toMatch(/^out\//);
  });

  it('flips the fuses that would turn the app back into a Node.js runtime', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('asar integrity: loads the app only from app.asar and checks the archive against its embedded hash', () => {
    expect(config.electronFuses).toMatchObject({ onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true });
    expect(config.asar).toBe(true);
  });

  it('turns off the extra privileges of file:// pages (the page comes from app://weightplan/)', () => {
    expect(config.electronFuses).toMatchObject({ grantFileProtocolExtraPrivileges: false });
  });
});
