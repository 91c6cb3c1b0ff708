/** The longest PIN the desk takes (staff.signIn: 4 to 8 digits). */
export const PIN_MAX_DIGITS = 8;

/** The PIN after one key of the keypad: a digit (up to the longest PIN), back, or clear. */
export function pinAfterKey(pin: string, key: string): string {
  if (key === 'clear') return '';
  if (key === 'back') return pin.slice(0, -1);
  if (/^\d$/.test(key) && pin.length < PIN_MAX_DIGITS) return pin + key;
  return pin;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;
const KEY_TEXT: Readonly<Record<string, { readonly text: string; readonly label: string }>> = {
  clear: { text: 'Clear', label: 'Clear PIN' },
  back: { text: '⌫', label: 'Delete last digit' },
};

/**
 * Large digit keys for a touch screen at the desk. The PIN field beside it still takes
 * the keyboard; both change the same PIN. The keys never show the PIN itself.
 */
export function PinKeypad(props: {
  readonly pin: string;
  readonly onPin: (pin: string) => void;
  readonly disabled?: boolean;
  readonly label?: string;
}) {
  return (
    <div className="pin-keypad" role="group" aria-label={props.label ?? 'PIN keypad'}>
      {KEYS.map((key) => (
        <button
          key={key}
          type="button"
          disabled={props.disabled}
          aria-label={KEY_TEXT[key]?.label ?? key}
          onClick={() => {
            props.onPin(pinAfterKey(props.pin, key));
          }}
        >
          {KEY_TEXT[key]?.text ?? key}
        </button>
      ))}
    </div>
  );
}
