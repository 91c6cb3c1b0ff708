import type { SyntheticEvent } from 'react';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { Field, FormOutcome } from './console-fields';
import { DeskLocationPicker } from './desk-location-picker';
import { StudioExportCard } from './studio-export-card';
import {
  checkSettings,
  settingsFieldOf,
  settingsText,
  settingsUpdate,
  type SettingsField,
} from './settings-form';
import { useLoadedForm } from './use-loaded-form';
import { useSubmit } from './use-submit';

const FIELDS: readonly (readonly [SettingsField, string, string?])[] = [
  ['taxRetail', 'Tax on retail (%)', 'decimal'],
  ['taxServices', 'Tax on services (%)', 'decimal'],
  ['taxPacks', 'Tax on packs and memberships (%)', 'decimal'],
  ['lateCancelHours', 'Late-cancel window (hours before class)', 'numeric'],
  ['lateCancelFee', 'Late-cancel fee', 'decimal'],
  ['noShowFee', 'No-show fee', 'decimal'],
  ['bookingWindowDays', 'Booking window (days ahead)', 'numeric'],
  ['checkInOpensMinutes', 'Check-in opens (minutes before class)', 'numeric'],
  ['checkInClosesMinutes', 'Check-in closes (minutes after start)', 'numeric'],
  ['receiptHeader', 'Receipt header'],
  ['receiptFooter', 'Receipt footer'],
];

/** The studio's settings (`studio.settings`, `studio.updateSettings`) and this desk's location. */
export function SettingsTab() {
  const desk = useDesk();
  const settings = useDeskQuery('studio.settings', {});
  const form = useLoadedForm(settings.data, settingsText);
  const { base, text } = form;
  const submit = useSubmit(settingsFieldOf);

  const data = settings.data;
  const isOwner = desk.hasRole('owner');
  const currencyReason = data?.hasSales
    ? `The studio has recorded sales in ${data.currency}: its currency can no longer change.`
    : isOwner
      ? null
      : 'Only an owner changes the studio’s currency.';

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!text || !base) return;
    void submit.run(
      () => checkSettings(text),
      async () => {
        const update = settingsUpdate(base, text);
        if (update === null) return 'Nothing changed.';
        await desk.mutate('studio.updateSettings', update);
        form.saved();
        return 'Settings saved.';
      },
    );
  };
  const set = (field: SettingsField) => (value: string) => {
    form.edit((t) => ({ ...t, [field]: value }));
  };

  return (
    <div className="columns">
      <form className="card" aria-label="Studio settings" onSubmit={save} noValidate>
        <h3>Studio settings</h3>
        <ErrorNote error={settings.error} />
        {text === null ? (
          <p className="hint">Loading the settings…</p>
        ) : (
          <>
            <Field
              label="Studio name"
              value={text.name}
              onChange={set('name')}
              error={submit.fieldErrors.name}
            />
            <Field
              label="Time zone"
              value={text.timeZone}
              placeholder="America/Chicago"
              onChange={set('timeZone')}
              error={submit.fieldErrors.timeZone}
            />
            <Field
              label="Currency"
              value={text.currency}
              maxLength={3}
              disabled={currencyReason !== null}
              hint={currencyReason ?? 'ISO 4217, e.g. USD. It is fixed once the studio sells.'}
              onChange={(v) => {
                set('currency')(v.toUpperCase());
              }}
              error={submit.fieldErrors.currency}
            />
            {FIELDS.map(([field, label, inputMode]) => (
              <Field
                key={field}
                label={label}
                value={text[field]}
                inputMode={inputMode === 'decimal' ? 'decimal' : inputMode ? 'numeric' : undefined}
                onChange={set(field)}
                error={submit.fieldErrors[field]}
              />
            ))}
            <FormOutcome error={submit.error} done={submit.done} />
            <button type="submit" className="primary" disabled={submit.busy}>
              {submit.busy ? 'Saving…' : 'Save settings'}
            </button>
          </>
        )}
      </form>
      <DeskLocationPicker />
      <StudioExportCard />
    </div>
  );
}
