import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { AutomationsActivity } from './automations-activity';
import { AutomationForm, type Automation } from './automations-form';
import { channelsText, isTriggerName, settingsText, triggerLabel } from './automations-labels';
import { AutomationsQuietHours } from './automations-quiet-hours';
import { AutomationsSmtp } from './automations-smtp';
import { CatalogueList } from './catalogue-list';
import { useAction } from './use-action';
import './automations-tab.css';

const NO_ARGS = {};

/**
 * Studio › Automations (issue 20, R20): the studio's automated messages, each switched on or
 * off where it is listed; the form that adds or edits one; the quiet hours; and what the
 * server's job sent lately. The server sends; this desk only keeps the studio's wishes.
 */
export function AutomationsTab() {
  const automations = useDeskQuery('automations.list', NO_ARGS);
  const list = automations.data;
  return (
    <div className="automations-tab">
      <ErrorNote error={automations.error} />
      {list === undefined ? (
        <p className="hint">Loading the automations…</p>
      ) : (
        <>
          <CatalogueList
            title="Automations"
            rows={{ data: list.automations }}
            idOf={(a) => a.automationId}
            nameOf={(a) => triggerLabel(a.trigger)}
            isActive={(a) => a.enabled}
            describe={(a) => <AutomationRow automation={a} />}
            form={(a, onClose) => <AutomationForm list={list} automation={a} onClose={onClose} />}
          />
          <div className="columns">
            <AutomationsQuietHours list={list} />
            <AutomationsActivity />
          </div>
          <div className="columns">
            <AutomationsSmtp />
          </div>
        </>
      )}
    </div>
  );
}

/** One automation in the list, with the switch that turns it on or off at once. */
function AutomationRow({ automation: a }: { readonly automation: Automation }) {
  const desk = useDesk();
  const toggle = useAction();
  const tuning = settingsText(a.settings);
  const name = triggerLabel(a.trigger);
  const flip = (on: boolean) => {
    const trigger = a.trigger;
    // Only a runnable automation has a switch, and its trigger is always a known one.
    if (!isTriggerName(trigger)) return;
    void toggle.run(async () => {
      await desk.mutate('automation.save', {
        automationId: a.automationId,
        trigger,
        subject: a.subject,
        body: a.body,
        channels: [...a.channels],
        settings: a.settings,
        enabled: on,
      });
      return null;
    });
  };
  return (
    <>
      <span className="automation-row">
        <strong>{name}</strong>: “{a.subject}” · {channelsText(a.channels)}
        {tuning === '' ? '' : ` · ${tuning}`}
        {!a.runnable && ' · the server cannot run it; edit it to choose a trigger'}
      </span>
      <label className="inline automation-switch">
        <input
          type="checkbox"
          role="switch"
          checked={a.enabled}
          disabled={toggle.busy || !a.runnable}
          aria-label={`On: ${name} “${a.subject}”`}
          onChange={(e) => {
            flip(e.target.checked);
          }}
        />
        On
      </label>
      <ErrorNote error={toggle.error} />
    </>
  );
}
