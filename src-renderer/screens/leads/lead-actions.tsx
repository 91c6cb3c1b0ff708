import { useState } from 'react';
import type { LeadHistory } from '../../../src-shared/queries/leads/lead-history';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { studioClock } from '../../desk/studio-time';
import { ErrorNote } from '../../shell/error-note';
import { TextField } from '../../shell/text-field';
import { splitName } from './lead-labels';

type Action = 'trial' | 'convert' | 'lost' | null;

/** Runs a desk call, showing its refusal; true when it went through. */
function useDeskCall() {
  const [error, setError] = useState<unknown>(null);
  const run = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  };
  return { error, run };
}

/** Book trial: a class of the next two weeks with room (lead.trialClasses). */
function TrialPicker(props: { readonly leadId: string; readonly onDone: () => void }) {
  const desk = useDesk();
  // Fixed while the picker is open: a moving "now" would re-run the read on every render.
  const [now] = useState(() => new Date().toISOString());
  const classes = useDeskQuery('lead.trialClasses', { now });
  const { error, run } = useDeskCall();
  const list = classes.data?.classes ?? [];
  return (
    <section aria-label="Book a trial class">
      <h3>Book a trial class</h3>
      <ErrorNote error={classes.error ?? error} />
      {classes.data && list.length === 0 && (
        <p className="hint">No class in the next two weeks has room.</p>
      )}
      <ul className="class-list">
        {list.map((c) => {
          const clock = studioClock(c.timeZone);
          const left = c.capacity - c.taken;
          return (
            <li key={c.classId}>
              <button
                type="button"
                className="class-card"
                onClick={() => {
                  void run(() =>
                    desk.mutate('lead.bookTrial', { leadId: props.leadId, classId: c.classId }),
                  ).then((ok) => {
                    if (ok) props.onDone();
                  });
                }}
              >
                {clock.date(c.startTime)} {clock.time(c.startTime)} {c.title} · {left} place
                {left === 1 ? '' : 's'} left
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Convert: the member's first and last name, split from the lead's name to start with. */
function ConvertForm(props: {
  readonly lead: LeadHistory;
  readonly onConverted: (memberId: string) => void;
}) {
  const desk = useDesk();
  const [names, setNames] = useState(() => splitName(props.lead.name));
  const { error, run } = useDeskCall();
  return (
    <form
      aria-label="Convert to member"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const done = await desk.mutate('lead.convert', { leadId: props.lead.leadId, ...names });
          if (done.memberId !== null) props.onConverted(done.memberId);
        });
      }}
    >
      <h3>Convert to member</h3>
      <div className="row">
        <TextField
          label="First name"
          value={names.firstName}
          onChange={(firstName) => {
            setNames((n) => ({ ...n, firstName }));
          }}
        />
        <TextField
          label="Last name"
          value={names.lastName}
          onChange={(lastName) => {
            setNames((n) => ({ ...n, lastName }));
          }}
        />
        <button type="submit">Make member</button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

function LostForm(props: { readonly leadId: string; readonly onDone: () => void }) {
  const desk = useDesk();
  const [reason, setReason] = useState('');
  const { error, run } = useDeskCall();
  return (
    <form
      aria-label="Mark lost"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => desk.mutate('lead.markLost', { leadId: props.leadId, reason })).then(
          (ok) => {
            if (ok) props.onDone();
          },
        );
      }}
    >
      <div className="row">
        <TextField label="Why was the lead lost?" value={reason} onChange={setReason} />
        <button type="submit">Mark lost</button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

/** The pipeline's moves for one lead; a converted lead has none. */
export function LeadActions(props: {
  readonly lead: LeadHistory;
  readonly onConverted: (memberId: string) => void;
}) {
  const desk = useDesk();
  const [action, setAction] = useState<Action>(null);
  const { error, run } = useDeskCall();
  const { lead } = props;
  if (lead.status === 'converted') return null;
  const toggle = (next: Action) => {
    setAction((a) => (a === next ? null : next));
  };
  return (
    <section aria-label="Lead actions">
      <div className="row">
        {(lead.status === 'new' || lead.status === 'lost') && (
          <button
            type="button"
            onClick={() => {
              void run(() =>
                desk.mutate('lead.update', { leadId: lead.leadId, status: 'contacted' }),
              );
            }}
          >
            Mark contacted
          </button>
        )}
        <button
          type="button"
          aria-expanded={action === 'trial'}
          onClick={() => {
            toggle('trial');
          }}
        >
          Book trial
        </button>
        <button
          type="button"
          aria-expanded={action === 'convert'}
          onClick={() => {
            toggle('convert');
          }}
        >
          Convert
        </button>
        {lead.status !== 'lost' && (
          <button
            type="button"
            aria-expanded={action === 'lost'}
            onClick={() => {
              toggle('lost');
            }}
          >
            Mark lost
          </button>
        )}
      </div>
      <ErrorNote error={error} />
      {action === 'trial' && (
        <TrialPicker
          leadId={lead.leadId}
          onDone={() => {
            toggle(null);
          }}
        />
      )}
      {action === 'convert' && <ConvertForm lead={lead} onConverted={props.onConverted} />}
      {action === 'lost' && (
        <LostForm
          leadId={lead.leadId}
          onDone={() => {
            toggle(null);
          }}
        />
      )}
    </section>
  );
}
