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

  it('gives every platform the app icon, a 512 x 512 PNG it ships for the window too', () => {
    for (const platform of [config.linux, config.mac, config.win]) expect(platform?.icon).toBe('build/icon.png');
    expect(JSON.stringify(config.files)).toContain('build/icon.png');
    const png = readFileSync(new URL('../build/icon.png', import.meta.url));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('names a real maintainer: the package author, the same on the .deb', () => {
    expect(manifest.author).toEqual({ name: 'Weightplan maintainers', email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]+$/) });
    expect(config.linux?.maintainer).toBe(`${manifest.author.name} <${manifest.author.email}>`);
  });

  it('declares the weightplan:// scheme, which "Copy link" gives', () => {
    expect(config.protocols).toEqual([{ name: 'Weightplan plan link', schemes: ['weightplan'] }]);
  });
});
