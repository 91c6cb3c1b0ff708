import { useEffect, useRef } from 'react';
import { createBurstDetector } from './scanner-burst';

/**
 * Listens for scanner bursts anywhere on the page. When the burst landed in a text field
 * (the cursor happened to be in one), the scanned characters are taken back out of it so a
 * search box does not keep a member's card number; the closing Enter submits nothing.
 */
export function useScanner(onScan: (code: string) => void): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    const detector = createBurstDetector();
    const listen = (event: KeyboardEvent) => {
      const code = detector.key(event.key, event.timeStamp);
      if (code === null) return;
      event.preventDefault();
      event.stopPropagation();
      const field = document.activeElement;
      if (field instanceof HTMLInputElement && field.value.endsWith(code)) {
        setFieldValue(field, field.value.slice(0, -code.length));
      }
      handler.current(code);
    };
    window.addEventListener('keydown', listen, true);
    return () => {
      window.removeEventListener('keydown', listen, true);
    };
  }, []);
}

/** Sets a React-controlled input's value the way typing does, so React sees the change. */
function setFieldValue(field: HTMLInputElement, value: string): void {
  // The prototype's setter, called on the field: React's own value tracker is bypassed.
  Reflect.set(HTMLInputElement.prototype, 'value', value, field);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}
