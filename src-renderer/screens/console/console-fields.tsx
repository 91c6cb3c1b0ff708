import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { ErrorNote } from '../../shell/error-note';
import { TextField } from '../../shell/text-field';

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'children' | 'aria-invalid' | 'aria-describedby'
>;

/** A labelled input with its message below it when the form or the desk found it wrong. */
export function Field(
  props: InputProps & {
    readonly label: string;
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly error?: string | undefined;
    readonly hint?: ReactNode;
  },
) {
  const { label, error, hint, ...input } = props;
  const id = useId();
  return (
    <div className="field">
      <TextField
        {...input}
        label={label}
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? undefined : `${id}-error`}
      />
      {hint !== undefined && <small className="hint">{hint}</small>}
      {error !== undefined && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {label}: {error}
        </small>
      )}
    </div>
  );
}

/** A labelled choice from a list: `options` are [value, shown text] pairs. */
export function SelectField<V extends string>(props: {
  readonly label: string;
  readonly value: V;
  readonly options: readonly (readonly [V, string])[];
  readonly onChange: (value: V) => void;
  readonly disabled?: boolean;
  readonly error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className="field">
      <label>
        {props.label}
        <select
          value={props.value}
          disabled={props.disabled}
          aria-invalid={props.error !== undefined}
          aria-describedby={props.error === undefined ? undefined : `${id}-error`}
          onChange={(e) => {
            const chosen = props.options.find(([value]) => value === e.target.value);
            if (chosen) props.onChange(chosen[0]);
          }}
        >
          {props.options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      {props.error !== undefined && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {props.label}: {props.error}
        </small>
      )}
    </div>
  );
}

export function CheckField(props: {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly disabled?: boolean;
}) {
  return (
    <label className="inline">
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => {
          props.onChange(e.target.checked);
        }}
      />
      {props.label}
    </label>
  );
}

/** A form's outcome: the failure as an ErrorNote, or what it did in a status line. */
export function FormOutcome(props: { readonly error: unknown; readonly done: string | null }) {
  return (
    <>
      <ErrorNote error={props.error} />
      {props.done !== null && (
        <p role="status" className="console-done">
          {props.done}
        </p>
      )}
    </>
  );
}

/** A labelled multi-line text, with its message below it. */
export function TextAreaField(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly rows?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label>
        {props.label}
        <textarea
          rows={props.rows ?? 6}
          value={props.value}
          aria-invalid={props.error !== undefined}
          aria-describedby={props.error === undefined ? undefined : `${id}-error`}
          onChange={(e) => {
            props.onChange(e.target.value);
          }}
        />
      </label>
      {props.error !== undefined && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {props.label}: {props.error}
        </small>
      )}
    </div>
  );
}

/** A form's foot: its outcome, its submit button, and Close while it edits an existing row. */
export function FormFoot(props: {
  readonly submit: {
    readonly busy: boolean;
    readonly error: unknown;
    readonly done: string | null;
  };
  readonly action: string;
  /** Absent for a form that adds: it stays open. */
  readonly onClose?: (() => void) | undefined;
}) {
  const { submit, onClose } = props;
  return (
    <>
      <FormOutcome error={submit.error} done={submit.done} />
      <div className="row">
        <button type="submit" className="primary" disabled={submit.busy}>
          {props.action}
        </button>
        {onClose && (
          <button type="button" onClick={onClose} disabled={submit.busy}>
            Close
          </button>
        )}
      </div>
    </>
  );
}
