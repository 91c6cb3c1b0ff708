import { useId, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';
import type { MutationArgs } from '../../src-shared/bridge/desk-operations';
import { ErrorNote } from '../shell/error-note';
import { TextField } from '../shell/text-field';

/** The form's text, one field per profile argument of `member.create` (none left out). */
export type MemberFields = Readonly<
  Required<
    Pick<MutationArgs<'member.create'>, 'firstName' | 'lastName' | 'email' | 'phone' | 'barcode'>
  >
>;

type FieldName = keyof MemberFields;
type FieldErrors = Partial<Record<FieldName, string>>;

const FIELDS: readonly (readonly [FieldName, string, string])[] = [
  ['firstName', 'First name', 'given-name'],
  ['lastName', 'Last name', 'family-name'],
  ['email', 'E-mail', 'email'],
  ['phone', 'Phone', 'tel'],
  ['barcode', 'Card number', 'off'],
];

function isField(name: string): name is FieldName {
  return FIELDS.some(([field]) => field === name);
}

/**
 * Splits the desk's refusal of bad arguments ("member.create: email: Invalid email; phone:
 * Too small…") into a message per field, so each shows next to its input. Anything that
 * is not about one field stays a general error.
 */
export function fieldErrorsOf(error: unknown): FieldErrors | null {
  if (!(error instanceof DeskBridgeError)) return null;
  // The desk's refusal of an e-mail or card another member holds (requireUniqueContact).
  if (error.code === 'rule' && error.message.startsWith('The e-mail ')) {
    return { email: error.message };
  }
  if (error.code === 'rule' && error.message.startsWith('Card ')) {
    return { barcode: error.message };
  }
  if (error.code !== 'invalid') return null;
  const body = error.message.replace(/^member\.(create|update):\s*/, '');
  const found: Record<string, string> = {};
  for (const part of body.split('; ')) {
    const at = part.indexOf(': ');
    const field = at < 0 ? '' : part.slice(0, at);
    if (!isField(field)) return null;
    found[field] = part.slice(at + 2);
  }
  return found;
}

/** What the form checks before asking the desk: the desk checks again and has the last word. */
function checkFields(fields: MemberFields): FieldErrors {
  const errors: Record<string, string> = {};
  if (fields.firstName.trim() === '') errors.firstName = 'Enter a first name.';
  if (fields.lastName.trim() === '') errors.lastName = 'Enter a last name.';
  // A walk-in may give no e-mail; one that is given must look like an address.
  const email = fields.email.trim();
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    errors.email = 'Enter an e-mail address like name@example.com, or leave it empty.';
  }
  const phone = fields.phone.trim();
  if (phone !== '' && phone.length < 3) errors.phone = 'A phone number has at least 3 characters.';
  const card = fields.barcode.trim();
  if (card !== '' && card.length < 4) errors.barcode = 'A card number has at least 4 characters.';
  return errors;
}

/**
 * The profile fields as the member mutations take them: an empty e-mail, phone or card is
 * left out (none; `member.update` then clears it).
 */
export function profileArgs(fields: MemberFields): MutationArgs<'member.create'> {
  const email = fields.email.trim();
  const phone = fields.phone.trim();
  const barcode = fields.barcode.trim();
  return {
    firstName: fields.firstName.trim(),
    lastName: fields.lastName.trim(),
    ...(email === '' ? {} : { email }),
    ...(phone === '' ? {} : { phone }),
    ...(barcode === '' ? {} : { barcode }),
  };
}

/**
 * The name and contact form used to add a member and to edit one. `onSave` runs the
 * mutation; a refusal of bad input is shown next to the fields it is about. The form holds
 * its own copy of `initial` from the moment it mounts: a caller editing a member keys it by
 * the member's id, so it never shows one member's details under another's name.
 */
export function MemberForm(props: {
  readonly label: string;
  readonly initial: MemberFields;
  readonly submitLabel: string;
  readonly onSave: (fields: MemberFields) => Promise<void>;
  readonly onCancel: () => void;
}) {
  const [fields, setFields] = useState<MemberFields>(props.initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    const local = checkFields(fields);
    setFieldErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    props.onSave(fields).then(
      () => {
        setBusy(false);
      },
      (failure: unknown) => {
        setBusy(false);
        const byField = fieldErrorsOf(failure);
        if (byField) setFieldErrors(byField);
        else setError(failure);
      },
    );
  };

  return (
    <form className="member-form" aria-label={props.label} onSubmit={submit} noValidate>
      <h3>{props.label}</h3>
      {FIELDS.map(([name, label, autoComplete]) => {
        const message = fieldErrors[name];
        const errorId = `${formId}-${name}-error`;
        return (
          <div key={name} className="field">
            <TextField
              label={label}
              autoComplete={autoComplete}
              type={name === 'email' ? 'email' : name === 'phone' ? 'tel' : 'text'}
              placeholder={
                name === 'email' || name === 'phone'
                  ? 'optional'
                  : name === 'barcode'
                    ? 'scan the card or type its number'
                    : undefined
              }
              aria-invalid={message !== undefined}
              aria-describedby={message === undefined ? undefined : errorId}
              value={fields[name]}
              onChange={(value) => {
                setFields((f) => ({ ...f, [name]: value }));
              }}
            />
            {message !== undefined && (
              <small id={errorId} className="field-error" role="alert">
                {label}: {message}
              </small>
            )}
          </div>
        );
      })}
      <ErrorNote error={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
