import type { SyntheticEvent } from 'react';
import { useDesk } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { Field, FormOutcome } from './console-fields';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import type { AutomationsList } from './automations-form';
import { useLoadedForm } from './use-loaded-form';
import { useSubmit } from './use-submit';

type QuietField = 'start' | 'end';
const fieldOf = lastSegmentIn<QuietField>(['start', 'end']);
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Stable (a module's function), as useLoadedForm asks. */
function quietText(list: AutomationsList): Record<QuietField, string> {
  return { start: list.quietHours.start, end: list.quietHours.end };
}

function check(text: Record<QuietField, string>): FieldErrors<QuietField> {
  const errors: FieldErrors<QuietField> = {};
  if (!CLOCK_TIME.test(text.start)) errors.start = 'A time such as 21:00.';
  if (!CLOCK_TIME.test(text.end)) errors.end = 'A time such as 08:00.';
  return errors;
}

/**
 * The studio's quiet hours (R20.4), saved with `studio.updateSettings`: the server's
 * automations send nothing between them on the studio's clock, and send what waited after.
 * Filled from the list as read; a half-typed change is kept when fresh data arrives.
 */
export function AutomationsQuietHours(props: { readonly list: AutomationsList }) {
  const desk = useDesk();
  const clock = useStudioTime();
  const form = useLoadedForm(props.list, quietText);
  const submit = useSubmit(fieldOf);
  const { base, text } = form;
  const fallback = props.list.defaultQuietHours;

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!text || !base) return;
    void submit.run(
      () => check(text),
      async () => {
        if (text.start === base.start && text.end === base.end) return 'Nothing changed.';
        await desk.mutate('studio.updateSettings', { automationQuietHours: text });
        form.saved();
        return `Quiet hours saved: ${text.start} to ${text.end}.`;
      },
    );
  };
  const set = (field: QuietField) => (value: string) => {
    form.edit((t) => ({ ...t, [field]: value }));
  };

  return (
    <form className="card" aria-label="Quiet hours" onSubmit={save} noValidate>
      <h3>Quiet hours</h3>
      <p className="hint">
        No automatic message is sent between these times on the studio’s clock ({clock.timeZone});
        what waited goes out when they end. The same time twice means no quiet hours. Until set:{' '}
        {fallback.start} to {fallback.end}.
      </p>
      {text === null ? null : (
        <div className="row">
          <Field
            label="Quiet from"
            type="time"
            value={text.start}
            onChange={set('start')}
            error={submit.fieldErrors.start}
          />
          <Field
            label="Quiet until"
            type="time"
            value={text.end}
            onChange={set('end')}
            error={submit.fieldErrors.end}
          />
        </div>
      )}
      <FormOutcome error={submit.error} done={submit.done} />
      <button type="submit" className="primary" disabled={submit.busy}>
        Save quiet hours
      </button>
    </form>
  );
}
