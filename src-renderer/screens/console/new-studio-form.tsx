import type { SyntheticEvent } from 'react';
import type { DeskBridge } from '../../../src-shared/bridge/desk-bridge';
import { Field, FormOutcome } from './console-fields';
import { isEmail, isTimeZoneName } from './console-input';
import type { FieldErrors } from './console-refusals';
import { pinProblem } from './staff-roles';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

const FIELDS = [
  'serverUrl',
  'setupCode',
  'studioName',
  'timeZone',
  'currency',
  'firstName',
  'lastName',
  'email',
  'pin',
  'deviceName',
] as const;
type SetupField = (typeof FIELDS)[number];

/** Which field an argument path of setup.createStudio is about ("owner.email" → email). */
function fieldOf(path: string): SetupField | null {
  if (path === 'studio.name') return 'studioName';
  const last = path.split('.').pop() ?? '';
  if (path.startsWith('studio.') && (last === 'timeZone' || last === 'currency')) return last;
  return FIELDS.find((f) => f === last) ?? null;
}

function check(t: Readonly<Record<SetupField | 'pinAgain', string>>): FieldErrors<SetupField> {
  const errors: FieldErrors<SetupField> = {};
  if (!/^https?:\/\/\S+$/.test(t.serverUrl.trim())) {
    errors.serverUrl = 'An address such as https://sync.example.com.';
  }
  if (t.setupCode.trim().length < 6) errors.setupCode = 'The setup code has at least 6 characters.';
  if (t.studioName.trim() === '') errors.studioName = 'Enter the studio’s name.';
  if (!isTimeZoneName(t.timeZone)) errors.timeZone = 'A time zone such as America/Chicago.';
  if (!/^[A-Z]{3}$/.test(t.currency.trim())) errors.currency = 'Three capital letters, e.g. USD.';
  if (t.firstName.trim() === '') errors.firstName = 'Enter the owner’s first name.';
  if (t.lastName.trim() === '') errors.lastName = 'Enter the owner’s last name.';
  if (!isEmail(t.email)) errors.email = 'An e-mail address like name@example.com.';
  const pin = pinProblem(t.pin, t.pinAgain);
  if (pin !== null) errors.pin = pin;
  if (t.deviceName.trim() === '') errors.deviceName = 'Name this desk, e.g. Front desk.';
  return errors;
}

/**
 * First run, "Set up a new studio" (issue 16): a one-time setup code from the server's
 * operator makes the studio and its owner, and enrols this desk (`setup.createStudio`). The
 * initial sync follows; then the owner signs in with the PIN chosen here.
 */
export function NewStudioForm(props: {
  readonly bridge: DeskBridge;
  readonly disabled: boolean;
  readonly onBusy: (busy: boolean) => void;
  readonly onDone: (hint: string) => void;
}) {
  const submit = useSubmit(fieldOf);
  const { text, setText, bind } = useTextForm<SetupField | 'pinAgain'>(
    {
      serverUrl: '',
      setupCode: '',
      studioName: '',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      currency: 'USD',
      firstName: '',
      lastName: '',
      email: '',
      pin: '',
      pinAgain: '',
      deviceName: 'Front desk',
    },
    submit.fieldErrors,
  );

  const create = (event: SyntheticEvent) => {
    event.preventDefault();
    const typed = text;
    // The clear PIN leaves the form at the submit, whatever the answer.
    setText((t) => ({ ...t, pin: '', pinAgain: '' }));
    props.onBusy(true);
    void submit
      .run(
        () => check(typed),
        async () => {
          const made = await props.bridge.invoke('setup.createStudio', {
            serverUrl: typed.serverUrl.trim(),
            setupCode: typed.setupCode.trim(),
            studio: {
              name: typed.studioName.trim(),
              timeZone: typed.timeZone.trim(),
              currency: typed.currency.trim(),
            },
            owner: {
              firstName: typed.firstName.trim(),
              lastName: typed.lastName.trim(),
              email: typed.email.trim(),
              pin: typed.pin,
            },
            deviceName: typed.deviceName.trim(),
          });
          props.onDone(`${made.tenantName} is set up. Sign in with the owner’s PIN.`);
          return `${made.tenantName} is set up.`;
        },
      )
      .finally(() => {
        props.onBusy(false);
      });
  };

  return (
    <form className="card" aria-label="Set up a new studio" onSubmit={create} noValidate>
      <h2>Set up a new studio</h2>
      <p>You need the studio server’s address and a one-time setup code from its operator.</p>
      <Field
        label="Studio server address"
        type="url"
        placeholder="https://sync.example.com"
        {...bind('serverUrl')}
      />
      <Field label="Setup code" autoComplete="off" {...bind('setupCode')} />
      <Field label="Studio name" {...bind('studioName')} />
      <Field label="Time zone" {...bind('timeZone')} />
      <Field
        label="Currency"
        maxLength={3}
        hint="ISO 4217, e.g. USD; fixed once the studio sells."
        {...bind('currency')}
      />
      <Field label="Owner first name" autoComplete="given-name" {...bind('firstName')} />
      <Field label="Owner last name" autoComplete="family-name" {...bind('lastName')} />
      <Field label="Owner e-mail" type="email" autoComplete="email" {...bind('email')} />
      <Field
        label="Owner PIN"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        hint="4 to 8 digits, to sign in at the desk."
        {...bind('pin')}
      />
      <Field
        label="Owner PIN again"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        {...bind('pinAgain')}
      />
      <Field label="Name of this desk" {...bind('deviceName')} />
      <FormOutcome error={submit.error} done={null} />
      <button type="submit" className="primary" disabled={props.disabled || submit.busy}>
        {submit.busy ? 'Creating the studio…' : 'Create the studio'}
      </button>
    </form>
  );
}
