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
    expect(shipped).toEqual({
      kind: 'bundled',
      rendererDir: path.resolve(mainDir, '../renderer'),
      url: 'app://desk/index.html',
    });
  });
});

describe('isAppUrl', () => {
  const bundled = resolveRendererEntry({ isPackaged: true, devServerUrl: undefined, mainDir });
  const dev = resolveRendererEntry({
    isPackaged: false,
    devServerUrl: 'http://localhost:5173',
    mainDir,
  });

  it("accepts the app's own pages, with any query or fragment", () => {
    expect(isAppUrl(bundled, bundled.url)).toBe(true);
    expect(isAppUrl(bundled, `${bundled.url}?desk=2#/check-in`)).toBe(true);
    expect(isAppUrl(dev, 'http://localhost:5173/src/app.tsx')).toBe(true);
  });

  it('refuses files, other hosts, other origins and malformed URLs', () => {
    expect(
      isAppUrl(bundled, 'file:///opt/studio-desk/resources/app.asar/out/renderer/index.html'),
    ).toBe(false);
    expect(isAppUrl(bundled, 'file:///etc/passwd')).toBe(false);
    expect(isAppUrl(bundled, 'app://evil/index.html')).toBe(false);
    expect(isAppUrl(bundled, 'app://user:pw@desk/index.html')).toBe(false);
    expect(isAppUrl(bundled, 'https://js.stripe.com/terminal/v1/')).toBe(false);
    expect(isAppUrl(dev, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(dev, 'not a url')).toBe(false);
  });
});
