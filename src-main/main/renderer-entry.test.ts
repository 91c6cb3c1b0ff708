import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveRendererEntry } from './renderer-entry';

const mainDir = path.resolve('/opt/studio-desk/resources/app.asar/out/main');

describe('resolveRendererEntry', () => {
  it('uses the dev server only in an unpackaged app', () => {
    const dev = resolveRendererEntry({
      isPackaged: false,
      devServerUrl: 'http://localhost:5173/',
      mainDir,
    });
    expect(dev).toMatchObject({ kind: 'dev-server', origin: 'http://localhost:5173' });

    const shipped = resolveRendererEntry({
      isPackaged: true,
      devServerUrl: 'http://evil.example/',
      mainDir,
    });
    expect(shipped).toMatchObject({
      kind: 'file',
      filePath: path.resolve(mainDir, '../renderer/index.html'),
    });
  });
});

describe('isAppUrl', () => {
  const file = resolveRendererEntry({ isPackaged: true, devServerUrl: undefined, mainDir });
  const dev = resolveRendererEntry({
    isPackaged: false,
    devServerUrl: 'http://localhost:5173',
    mainDir,
  });

  it("accepts the app's own page, with any query or fragment", () => {
    expect(isAppUrl(file, file.url)).toBe(true);
    expect(isAppUrl(file, `${file.url}?desk=2#/check-in`)).toBe(true);
    expect(isAppUrl(dev, 'http://localhost:5173/src/app.tsx')).toBe(true);
  });

  it('refuses other files, other origins and malformed URLs', () => {
    expect(isAppUrl(file, 'file:///etc/passwd')).toBe(false);
    expect(isAppUrl(file, 'https://js.stripe.com/terminal/v1/')).toBe(false);
    expect(isAppUrl(dev, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(dev, 'not a url')).toBe(false);
  });
});
