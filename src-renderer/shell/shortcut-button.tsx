import { useEffect, useRef, type ButtonHTMLAttributes } from 'react';
import { matchesShortcut, type Shortcut } from './keyboard-shortcut';

/**
 * Whether a shortcut may press this button now: it is on the visible screen (workspace
 * screens stay mounted but hidden), enabled, and not behind an open dialog.
 */
function mayPress(button: HTMLButtonElement): boolean {
  if (button.disabled || !button.isConnected) return false;
  if (!button.checkVisibility()) return false;
  const dialog = document.querySelector('[aria-modal="true"]');
  return dialog === null || dialog.contains(button);
}

/**
 * A button with a keyboard shortcut, shown on it. The key presses the button itself, so the
 * shortcut does exactly what a click does, and nothing when the button could not be clicked.
 * The hint is hidden from screen readers, which read `aria-keyshortcuts` instead, so the
 * button's accessible name stays its label.
 */
export function ShortcutButton(
  props: ButtonHTMLAttributes<HTMLButtonElement> & { readonly shortcut: Shortcut },
) {
  const { shortcut, children, ...button } = props;
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const listen = (event: KeyboardEvent) => {
      const target = ref.current;
      if (!target || event.repeat || !matchesShortcut(event, shortcut) || !mayPress(target)) return;
      event.preventDefault();
      target.click();
    };
    window.addEventListener('keydown', listen);
    return () => {
      window.removeEventListener('keydown', listen);
    };
  }, [shortcut]);
  return (
    <button type="button" {...button} ref={ref} aria-keyshortcuts={shortcut}>
      {children}
      <kbd className="shortcut" aria-hidden="true">
        {shortcut}
      </kbd>
    </button>
  );
}
