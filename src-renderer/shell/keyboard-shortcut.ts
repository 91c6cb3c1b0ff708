/**
 * Keyboard shortcuts for a busy desk (issue 17): screens on Alt+1…Alt+0, Lock on Alt+L, the
 * sale's main actions on function keys. Both are keys a keyboard-wedge scanner never sends, so a scan
 * can never press a button. Written as "Alt+1" or "F9", the form `aria-keyshortcuts` uses.
 */
export type Shortcut = `Alt+${string}` | `F${number}`;

/** The parts of a keydown a shortcut looks at (a DOM KeyboardEvent has them all). */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

/** The physical key of Alt+digit or Alt+letter: `Digit1`, `KeyL`. */
function physicalKey(character: string): string {
  return /^[0-9]$/.test(character) ? `Digit${character}` : `Key${character.toUpperCase()}`;
}

/**
 * Whether a key press is the shortcut. Alt+key is matched on the physical key (`Digit1`,
 * `KeyL`) because Alt changes the typed character on some layouts (macOS Option+1 types "¡").
 * Any other modifier held means it is not ours: Ctrl+F9 stays the browser's.
 */
export function matchesShortcut(press: KeyPress, shortcut: Shortcut): boolean {
  if (press.ctrlKey || press.metaKey || press.shiftKey) return false;
  if (shortcut.startsWith('Alt+')) {
    return press.altKey && press.code === physicalKey(shortcut.slice('Alt+'.length));
  }
  return !press.altKey && press.key === shortcut;
}

/** The shortcut of the n-th screen (0-based): Alt+1 to Alt+9, then Alt+0 for the tenth. */
export function screenShortcut(index: number): Shortcut | undefined {
  if (index < 0 || index > 9) return undefined;
  return `Alt+${(index + 1) % 10}`;
}
