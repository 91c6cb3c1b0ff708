import { useCallback, useState } from 'react';
import type { FieldErrors } from './console-refusals';

/** A form's text by field, and `bind(field)` giving a Field its value, setter and message. */
export function useTextForm<F extends string>(
  initial: Readonly<Record<F, string>>,
  errors: FieldErrors<F>,
) {
  const [text, setText] = useState(initial);
  const bind = useCallback(
    (field: F) => ({
      value: text[field],
      onChange: (value: string) => {
        setText((t) => ({ ...t, [field]: value }));
      },
      error: errors[field],
    }),
    [text, errors],
  );
  return { text, setText, bind };
}
