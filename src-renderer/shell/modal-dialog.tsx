import { useEffect, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

// Laid over the screen, so opening it never moves what is behind it (the day's schedule).
const BACKDROP: CSSProperties = {
  position: 'fixed',
  inset: 0,
  background: 'rgba(15, 23, 42, 0.45)',
  display: 'flex',
  alignItems: 'flex-start',
  justifyContent: 'center',
  paddingTop: '6vh',
  zIndex: 50,
};

const PANEL: CSSProperties = {
  background: 'var(--surface, #fff)',
  color: 'inherit',
  borderRadius: 8,
  boxShadow: '0 12px 40px rgba(0, 0, 0, 0.3)',
  padding: '1rem 1.25rem',
  width: 'min(560px, 92vw)',
  maxHeight: '88vh',
  overflowY: 'auto',
};

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
    <div style={BACKDROP}>
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-label={props.label}
        tabIndex={-1}
        className={props.className}
        style={PANEL}
        onKeyDown={onKeyDown}
      >
        {props.children}
      </div>
    </div>
  );
}
