import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: over the screen, focus kept inside while it is open (Tab and Shift+Tab
 * wrap), Escape closes it unless `canClose` is false (a payment under way), and focus goes
 * back to where it was when it closes.
 */
export function ModalDialog(props: {
  readonly label: string;
  readonly canClose?: boolean;
  readonly onClose: () => void;
  readonly className?: string;
  readonly children: ReactNode;
}) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement;
    const first = panel.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? panel.current)?.focus();
    return () => {
      if (before instanceof HTMLElement) before.focus();
    };
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      if (props.canClose !== false) props.onClose();
      return;
    }
    if (event.key !== 'Tab' || !panel.current) return;
    const focusable = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };
  return (
    // Laid over the screen (styles.css .modal-backdrop), so opening it never moves what is
    // behind it (the day's schedule).
    <div className="modal-backdrop">
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-label={props.label}
        tabIndex={-1}
        className={props.className ? `modal-panel ${props.className}` : 'modal-panel'}
        onKeyDown={onKeyDown}
      >
        {props.children}
      </div>
    </div>
  );
}
