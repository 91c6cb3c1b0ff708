import { describe, expect, it } from 'vitest';
import {
  matchesShortcut,
  screenShortcut,
  type KeyPress,
} from '../../src-renderer/shell/keyboard-shortcut';

const press = (key: string, code: string, held: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...held,
});

describe('keyboard shortcuts (issue 17)', () => {
  it('matches Alt+digit and Alt+letter on the physical key, whatever character Alt types', () => {
    expect(matchesShortcut(press('1', 'Digit1', { altKey: true }), 'Alt+1')).toBe(true);
    // macOS Option+1 types "¡": still the first screen.
    expect(matchesShortcut(press('¡', 'Digit1', { altKey: true }), 'Alt+1')).toBe(true);
    expect(matchesShortcut(press('¬', 'KeyL', { altKey: true }), 'Alt+L')).toBe(true);
    expect(matchesShortcut(press('2', 'Digit2', { altKey: true }), 'Alt+1')).toBe(false);
  });

  it('never fires on what a scanner types: a digit or a letter without Alt', () => {
    expect(matchesShortcut(press('1', 'Digit1'), 'Alt+1')).toBe(false);
    expect(matchesShortcut(press('l', 'KeyL'), 'Alt+L')).toBe(false);
    expect(matchesShortcut(press('Enter', 'Enter'), 'F9')).toBe(false);
  });

  it('matches a function key alone, and leaves it to the browser with any modifier held', () => {
    expect(matchesShortcut(press('F9', 'F9'), 'F9')).toBe(true);
    expect(matchesShortcut(press('F9', 'F9', { ctrlKey: true }), 'F9')).toBe(false);
    expect(matchesShortcut(press('F9', 'F9', { altKey: true }), 'F9')).toBe(false);
    expect(matchesShortcut(press('F9', 'F9', { shiftKey: true }), 'F9')).toBe(false);
    expect(matchesShortcut(press('F1', 'Digit1', { altKey: true, metaKey: true }), 'Alt+1')).toBe(
      false,
    );
  });

  it('gives the first ten screens Alt+1 to Alt+9, then Alt+0, and no shortcut after', () => {
    expect([0, 1, 8, 9].map(screenShortcut)).toEqual(['Alt+1', 'Alt+2', 'Alt+9', 'Alt+0']);
    expect(screenShortcut(10)).toBeUndefined();
    expect(screenShortcut(-1)).toBeUndefined();
  });
});
