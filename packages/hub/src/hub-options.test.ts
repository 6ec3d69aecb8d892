import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HubError } from './hub-error.js';
import { hubOptionsFromEnv, parseHubOptions } from './hub-options.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
const home = () => {
  const directory = mkdtempSync(join(tmpdir(), 'weightplan-home-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
};

describe('hubOptionsFromEnv', () => {
  it('reads HF_ENDPOINT and HF_TOKEN', () => {
    expect(hubOptionsFromEnv({ HF_ENDPOINT: 'https://hf-mirror.example', HF_TOKEN: ' hf_abc \n' }, home())).toEqual({
      endpoint: 'https://hf-mirror.example',
      token: 'hf_abc',
    });
  });

  it('falls back to the token file huggingface-cli login writes, under HF_HOME or ~/.cache/huggingface', () => {
    const user = home();
    mkdirSync(join(user, '.cache', 'huggingface'), { recursive: true });
    writeFileSync(join(user, '.cache', 'huggingface', 'token'), 'hf_from_default_home\n');
    expect(hubOptionsFromEnv({}, user).token).toBe('hf_from_default_home');
    const hfHome = home();
    writeFileSync(join(hfHome, 'token'), 'hf_from_hf_home');
    expect(hubOptionsFromEnv({ HF_HOME: hfHome }, user).token).toBe('hf_from_hf_home');
    expect(hubOptionsFromEnv({ HF_HOME: hfHome, HF_TOKEN: 'hf_env_wins' }, user).token).toBe('hf_env_wins');
  });

  it('sets nothing when nothing is configured, and reads HF_HUB_OFFLINE', () => {
    expect(hubOptionsFromEnv({}, home())).toEqual({});
    expect(hubOptionsFromEnv({ HF_HUB_OFFLINE: '1' }, home())).toEqual({ offline: true });
    expect(hubOptionsFromEnv({ HF_HUB_OFFLINE: '0' }, home())).toEqual({});
  });
});

describe('parseHubOptions', () => {
  it('defaults to huggingface.co, main, a 5 s timeout', () => {
    expect(parseHubOptions()).toMatchObject({ endpoint: 'https://huggingface.co', revision: 'main', timeoutMs: 5000, offline: false });
    expect(parseHubOptions({ endpoint: 'http://127.0.0.1:8080/' }).endpoint).toBe('http://127.0.0.1:8080');
  });

  it('says what is wrong with an option', () => {
    expect(() => parseHubOptions({ endpoint: 'ftp://example.com' })).toThrow(HubError);
    expect(() => parseHubOptions({ endpoint: 'ftp://example.com' })).toThrow(/endpoint must be an http\(s\) URL/);
    expect(() => parseHubOptions({ revision: '../../etc' })).toThrow(/revision must not contain/);
    expect(() => parseHubOptions({ timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});
