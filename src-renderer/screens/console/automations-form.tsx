import { useId, useRef, useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import type { TriggerName } from '../../../src-shared/automations/automation-triggers';
import { useDesk } from '../../desk/desk-context';
import { CheckField, Field, FormFoot, SelectField } from './console-fields';
import { parseWhole } from './console-input';
import type { FieldErrors } from './console-refusals';
import { channelLabel, settingLabel, TRIGGER_LABELS, triggerLabel } from './automations-labels';
import { useSubmit } from './use-submit';

export type AutomationsList = QueryResult<'automations.list'>;
export type Automation = AutomationsList['automations'][number];

type AutomationField = 'subject' | 'body' | 'channels' | 'settings';

/**
 * Which field a refusal of `automation.save` is about: the template's and channels' paths
 * by name, and the trigger's own check ("win_back settings: days: …") as the settings.
 */
function fieldOf(path: string): AutomationField | null {
  if (path === 'subject' || path === 'body' || path === 'channels') return path;
  return path === 'settings' || path.endsWith(' settings') ? 'settings' : null;
}

function isTrigger(list: AutomationsList, name: string): name is TriggerName {
  return Object.hasOwn(list.triggers, name);
}

/** The trigger's settings as text, the automation's own where it has them, else defaults. */
function settingsTextOf(
  list: AutomationsList,
  trigger: string,
  own: Readonly<Record<string, number>> = {},
): Record<string, string> {
  const defaults = list.triggers[trigger] ?? {};
  return Object.fromEntries(
    Object.entries(defaults).map(([key, value]) => [key, String(own[key] ?? value)]),
  );
}

/**
 * Adds an automation, or edits one (`automation.save`): its trigger and the trigger's
 * tuning, the message with merge fields, its channels, and whether it is on. Merge fields
 * are checked by the mutation, whose refusal names the unknown one beside its field.
 */
export function AutomationForm(props: {
  readonly list: AutomationsList;
  readonly automation: Automation | null;
  readonly onClose: () => void;
}) {
  const { list, automation } = props;
  const desk = useDesk();
  const submit = useSubmit(fieldOf);
  const firstTrigger = Object.keys(list.triggers)[0] ?? 'win_back';
  const startTrigger =
    automation !== null && isTrigger(list, automation.trigger) ? automation.trigger : firstTrigger;
  const [trigger, setTrigger] = useState<string>(startTrigger);
  const [settings, setSettings] = useState(() =>
    settingsTextOf(list, startTrigger, automation?.settings),
  );
  const [subject, setSubject] = useState(automation?.subject ?? '');
  const [body, setBody] = useState(automation?.body ?? '');
  const [channels, setChannels] = useState<readonly string[]>(automation?.channels ?? ['email']);
  const [enabled, setEnabled] = useState(automation?.enabled ?? true);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const bodyId = useId();
  const label = automation
    ? `Edit automation ${triggerLabel(automation.trigger)}`
    : 'Add an automation';
  const triggerOptions = Object.keys(list.triggers).map(
    (name) => [name, isTrigger(list, name) ? TRIGGER_LABELS[name] : name] as const,
  );

  const chooseTrigger = (next: string) => {
    setTrigger(next);
    // A setting both triggers share keeps what was typed; the rest start at the defaults.
    setSettings((typed) =>
      Object.fromEntries(
        Object.entries(settingsTextOf(list, next)).map(([key, value]) => [
          key,
          typed[key] ?? value,
        ]),
      ),
    );
  };

  const insertField = (field: string) => {
    const token = `{{${field}}}`;
    const area = bodyRef.current;
    const start = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? start;
    setBody(body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const check = (): FieldErrors<AutomationField> => {
    const errors: FieldErrors<AutomationField> = {};
    if (subject.trim() === '') errors.subject = 'Write the message’s subject.';
    if (body.trim() === '') errors.body = 'Write the message.';
    if (channels.length === 0) errors.channels = 'Choose at least one channel.';
    const unreadable = Object.entries(settings).find(
      ([, text]) => parseWhole(text, 0, 100_000) === null,
    );
    if (unreadable) errors.settings = `${settingLabel(unreadable[0])}: a whole number.`;
    return errors;
  };

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!isTrigger(list, trigger)) return;
    void submit.run(check, async () => {
      const args = {
        trigger,
        subject: subject.trim(),
        body,
        channels: list.channels.filter((c) => channels.includes(c)),
        settings: Object.fromEntries(
          Object.entries(settings).map(([key, text]) => [key, parseWhole(text, 0, 100_000) ?? 0]),
        ),
        enabled,
      };
      if (automation === null) {
        await desk.mutate('automation.save', args);
        setSubject('');
        setBody('');
        return `${TRIGGER_LABELS[trigger]} added.`;
      }
      await desk.mutate('automation.save', { automationId: automation.automationId, ...args });
      return `${TRIGGER_LABELS[trigger]} saved.`;
    });
  };

  return (
    <form className="card automation-form" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <SelectField
        label="Trigger"
        value={trigger}
        options={triggerOptions}
        onChange={chooseTrigger}
      />
      {Object.entries(settings).map(([key, text]) => (
        <Field
          key={key}
          label={settingLabel(key)}
          type="number"
          inputMode="numeric"
          value={text}
          onChange={(value) => {
            setSettings((s) => ({ ...s, [key]: value }));
          }}
        />
      ))}
      {submit.fieldErrors.settings !== undefined && (
        <p className="field-error" role="alert">
          {submit.fieldErrors.settings}
        </p>
      )}
      <Field
        label="Subject"
        value={subject}
        onChange={setSubject}
        error={submit.fieldErrors.subject}
      />
      <div className="field">
        <label htmlFor={bodyId}>Message</label>
        <textarea
          id={bodyId}
          ref={bodyRef}
          rows={6}
          value={body}
          aria-invalid={submit.fieldErrors.body !== undefined}
          aria-describedby={`${bodyId}-fields${submit.fieldErrors.body === undefined ? '' : ` ${bodyId}-error`}`}
          onChange={(e) => {
            setBody(e.target.value);
          }}
        />
        {submit.fieldErrors.body !== undefined && (
          <small id={`${bodyId}-error`} className="field-error" role="alert">
            Message: {submit.fieldErrors.body}
          </small>
        )}
      </div>
      <div className="merge-fields" role="group" aria-label="Merge fields">
        <small id={`${bodyId}-fields`} className="hint">
          Merge fields, filled in for each member (a button puts one in the message at the cursor):
        </small>
        <div className="row">
          {list.mergeFields.map((field) => (
            <button
              key={field}
              type="button"
              className="merge-chip"
              aria-label={`Insert {{${field}}}`}
              onClick={() => {
                insertField(field);
              }}
            >
              {`{{${field}}}`}
            </button>
          ))}
        </div>
      </div>
      <fieldset
        aria-describedby={
          submit.fieldErrors.channels === undefined ? undefined : `${bodyId}-channels-error`
        }
      >
        <legend>Send by</legend>
        {list.channels.map((channel) => (
          <CheckField
            key={channel}
            label={channelLabel(channel)}
            checked={channels.includes(channel)}
            onChange={(on) => {
              setChannels((now) => (on ? [...now, channel] : now.filter((c) => c !== channel)));
            }}
          />
        ))}
        {submit.fieldErrors.channels !== undefined && (
          <small id={`${bodyId}-channels-error`} className="field-error" role="alert">
            Send by: {submit.fieldErrors.channels}
          </small>
        )}
      </fieldset>
      <CheckField label="Enabled" checked={enabled} onChange={setEnabled} />
      <FormFoot
        submit={submit}
        action={automation ? 'Save automation' : 'Add automation'}
        onClose={automation ? props.onClose : undefined}
      />
    </form>
  );
}
