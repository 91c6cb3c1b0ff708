import { useContext, useState } from 'react';
import { errorText } from '../desk/error-text';
import { ScreenVisitContext } from './screen-visit';

/**
 * A failure as staff read it: what happened, then what to do when that adds something.
 * It shows for the screen visit in which it happened: after a change of screen the same
 * error is no longer shown (a new failure shows again).
 */
export function ErrorNote({ error }: { readonly error: unknown }) {
  const visit = useContext(ScreenVisitContext);
  const [shown, setShown] = useState<{ readonly error: unknown; readonly visit: number }>({
    error,
    visit,
  });
  if (shown.error !== error) {
    // A new error (or none): remember the visit it belongs to.
    setShown({ error, visit });
    return null;
  }
  if (error === undefined || error === null || shown.visit !== visit) return null;
  const text = errorText(error);
  return (
    <div className="error-note" role="alert">
      <strong>{text.what}</strong>
      {text.nextStep && <span> {text.nextStep}</span>}
    </div>
  );
}
