import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildAppMenuTemplate } from '../../src-main/main/app-menu';

function roles(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('application menu', () => {
  it('has no reload or developer tools in a packaged app', () => {
    const shipped = roles(
      buildAppMenuTemplate({ platform: 'win32', isPackaged: true, appName: 'Studio Desk' }),
    );
    expect(shipped).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'selectAll']));
    expect(shipped).not.toContain('reload');
    expect(shipped).not.toContain('toggleDevTools');
    const dev = roles(
      buildAppMenuTemplate({ platform: 'linux', isPackaged: false, appName: 'Studio Desk' }),
    );
    expect(dev).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('puts the app menu first on macOS only', () => {
    const mac = buildAppMenuTemplate({ platform: 'darwin', isPackaged: true, appName: 'Desk' });
    expect(mac[0]?.label).toBe('Desk');
    const win = buildAppMenuTemplate({ platform: 'win32', isPackaged: true, appName: 'Desk' });
    expect(win[0]?.label).toBe('File');
  });
});
