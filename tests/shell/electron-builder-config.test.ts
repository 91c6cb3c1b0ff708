// electron-builder.yml as far as this machine can check it without an Electron binary:
// electron-builder's own schema validation, plus the security settings issue 5 asks for.
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked by a validator that refuses a misspelled fuse', async () => {
    const misspelled = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(misspelled, new DebugLogger(false))).rejects.toThrow(
      /electronFuses/,
    );
  });

  it('sets every fuse the security checklist asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs main, the desk process, the preload and the renderer, with native modules unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    // getConfig normalises `files` to file sets: `[{ filter: [...] }]`.
    const patterns = JSON.stringify(config.files);
    for (const pattern of ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']) {
      expect(patterns).toContain(JSON.stringify(pattern));
    }
  });
});
