import { errorText } from '../desk/error-text';

/** A failure as staff read it: what happened, then what to do. */
export function ErrorNote({ error }: { readonly error: unknown }) {
  if (error === undefined || error === null) return null;
  const text = errorText(error);
  return (
    <div className="error-note" role="alert">
      <strong>{text.what}</strong> <span>{text.nextStep}</span>
    </div>
  );
}
