import type { InputHTMLAttributes, ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'children'>;

/**
 * A labelled text input bound to a string: the label wraps the input so it is the input's
 * accessible name, and `onChange` gets the new text rather than the DOM event. Other input
 * attributes (inputMode, placeholder, required, ...) pass straight through.
 */
export function TextField(
  props: InputProps & {
    readonly label: ReactNode;
    readonly value: string;
    readonly onChange: (value: string) => void;
  },
) {
  const { label, value, onChange, ...input } = props;
  return (
    <label>
      {label}
      <input
        {...input}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </label>
  );
}
