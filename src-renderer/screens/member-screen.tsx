import { useMemo, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { MemberProfile } from '../desk/operation-shapes';
import { formatDateTime, formatMoney } from '../desk/money';
import { ErrorNote } from '../shell/error-note';
import { MemberSearch } from '../shell/member-search';
import { WaiverSigning } from './waiver-signing';
import { TextField } from '../shell/text-field';
import { MemberForm, profileArgs, type MemberFields } from './member-form';

const EMPTY_MEMBER: MemberFields = { firstName: '', lastName: '', email: '', phone: '' };

/** A member's page: who they are, what they hold, what they booked, notes, waivers, progress. */
export function MemberScreen(props: {
  readonly memberId: string | null;
  readonly onChooseMember: (memberId: string) => void;
}) {
  // Judged at the moment the member was opened, so the read is not re-run every render.
  const at = useMemo(() => new Date().toISOString(), [props.memberId]);
  const profile = useDeskQuery(
    'member.profile',
    props.memberId === null ? null : { memberId: props.memberId, at },
  );
  const desk = useDesk();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  return (
    <div className="member-screen">
      <div className="toolbar">
        <MemberSearch
          label="Find a member"
          onChoose={(m) => {
            setAdded(null);
            props.onChooseMember(m.memberId);
          }}
        />
        <button
          type="button"
          onClick={() => {
            setAdding(true);
            setAdded(null);
          }}
        >
          New member
        </button>
      </div>
      {adding && (
        <MemberForm
          label="New member"
          initial={EMPTY_MEMBER}
          submitLabel="Add member"
          onCancel={() => {
            setAdding(false);
          }}
          onSave={async (fields) => {
            const { memberId } = await desk.mutate('member.create', profileArgs(fields));
            setAdding(false);
            setAdded(`${fields.firstName.trim()} ${fields.lastName.trim()} was added.`);
            props.onChooseMember(memberId);
          }}
        />
      )}
      {added && (
        <p className="result ok" role="status">
          {added}
        </p>
      )}
      <ErrorNote error={profile.error} />
      {props.memberId === null && !adding && (
        <p className="hint">Search for a member by name, e-mail or phone, or add a new one.</p>
      )}
      {props.memberId !== null && profile.data && (
        <MemberDetails
          profile={profile.data}
          onChanged={() => {
            profile.reload();
          }}
        />
      )}
    </div>
  );
}

function MemberDetails({
  profile,
  onChanged,
}: {
  readonly profile: MemberProfile;
  readonly onChanged: () => void;
}) {
  const desk = useDesk();
  const [editing, setEditing] = useState(false);
  const name = `${profile.firstName} ${profile.lastName}`;
  const [signing, setSigning] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [isAlert, setIsAlert] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const waiver = profile.waiverDocuments.find((w) => w.templateId === signing);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await work();
      setMessage(done);
    } catch (failure) {
      setError(failure);
    }
  };
  const addNote = (event: SyntheticEvent) => {
    event.preventDefault();
    void act(async () => {
      await desk.mutate('note.add', { memberId: profile.memberId, note: note.trim(), isAlert });
      setNote('');
      setIsAlert(false);
    }, 'Note saved.');
  };

  return (
    <article className="member" aria-label={name}>
      <header>
        <h2>{name}</h2>
        <p>
          {profile.email} · {profile.phone ?? 'no phone'} · card {profile.barcode ?? 'none'} ·{' '}
          {profile.status}{' '}
          <button
            type="button"
            onClick={() => {
              setEditing(true);
              setMessage(null);
            }}
          >
            Edit
          </button>
        </p>
      </header>
      {editing && (
        <MemberForm
          label={`Edit ${name}`}
          initial={{
            firstName: profile.firstName,
            lastName: profile.lastName,
            email: profile.email,
            phone: profile.phone ?? '',
          }}
          submitLabel="Save changes"
          onCancel={() => {
            setEditing(false);
          }}
          onSave={async (fields) => {
            await desk.mutate('member.update', {
              memberId: profile.memberId,
              ...profileArgs(fields),
              // The update sets every field: the card and status are sent back unchanged.
              ...(profile.barcode === null ? {} : { barcode: profile.barcode }),
              status: profile.status,
            });
            setEditing(false);
            setMessage('Member details saved.');
            onChanged();
          }}
        />
      )}
      {profile.alerts.map((a) => (
        <p key={a.noteId} className="alert" role="note">
          ⚠ {a.note}
        </p>
      ))}
      <ErrorNote error={error} />
      {message && (
        <p className="result ok" role="status">
          {message}
        </p>
      )}
      <div className="grid">
        <section aria-label="Membership">
          <h3>Membership: {profile.membership.status}</h3>
          <ul>
            {profile.membership.subscriptions.map((s) => (
              <li key={s.subscriptionId}>
                {s.planName} — {s.status}, until {formatDateTime(s.currentPeriodEnd)}
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Packs">
          <h3>Packs: {profile.packCredits} credits</h3>
          <ul>
            {profile.allPacks.map((p) => (
              <li key={p.packId} className={p.usable ? '' : 'muted'}>
                {p.name}: {p.remainingCredits} of {p.initialCredits} left
                {p.expiresAt ? `, expires ${formatDateTime(p.expiresAt)}` : ''}
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Gift cards">
          <h3>Gift cards</h3>
          <ul>
            {profile.giftCards.map((g) => (
              <li key={g.giftCardId}>
                {g.code}: {formatMoney(g.balance)}
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Waivers">
          <h3>
            Waivers{' '}
            {profile.waiversSigned ? '(required ones signed)' : '(a required one is unsigned)'}
          </h3>
          <ul>
            {profile.waiverDocuments.map((w) => (
              <li key={w.templateId}>
                {w.title}
                {w.required ? ' (required)' : ''}:{' '}
                {w.signedAt ? (
                  `signed ${formatDateTime(w.signedAt)}`
                ) : (
                  <button
                    type="button"
                    onClick={() => {
                      setSigning(w.templateId);
                    }}
                  >
                    Sign {w.title}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
      {waiver && (
        <WaiverSigning
          title={waiver.title}
          body={waiver.body}
          memberName={name}
          onCancel={() => {
            setSigning(null);
          }}
          onSign={(signature) => {
            setSigning(null);
            void act(
              () =>
                desk.mutate('waiver.sign', {
                  templateId: waiver.templateId,
                  memberId: profile.memberId,
                  signature,
                }),
              `${waiver.title} signed.`,
            );
          }}
        />
      )}
      <section aria-label="Bookings">
        <h3>Bookings</h3>
        <table>
          <tbody>
            {[...profile.upcomingBookings, ...profile.pastBookings].map((b) => (
              <tr key={b.bookingId}>
                <td>{formatDateTime(b.startTime)}</td>
                <td>{b.title}</td>
                <td>{b.checkedInAt ? 'checked in' : b.status}</td>
                <td>{b.paidBy ?? ''}</td>
                <td>
                  {(b.status === 'confirmed' || b.status === 'waitlisted') && !b.checkedInAt && (
                    <button
                      type="button"
                      onClick={() =>
                        void act(
                          () => desk.mutate('booking.cancel', { bookingId: b.bookingId }),
                          `Booking for ${b.title} cancelled.`,
                        )
                      }
                    >
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-label="Notes">
        <h3>Notes</h3>
        <form onSubmit={addNote} className="row">
          <TextField label="New note" value={note} onChange={setNote} />
          <label className="inline">
            <input
              type="checkbox"
              checked={isAlert}
              onChange={(e) => {
                setIsAlert(e.target.checked);
              }}
            />
            Show as alert at check-in
          </label>
          <button type="submit" disabled={note.trim() === ''}>
            Add note
          </button>
        </form>
        <ul>
          {profile.notes.map((n) => (
            <li key={n.noteId}>
              {n.isAlert ? '⚠ ' : ''}
              {n.note}{' '}
              <small>
                — {n.authorName ?? 'staff'}, {formatDateTime(n.createdAt)}
              </small>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Progress">
        <h3>Progress</h3>
        <ul>
          {profile.progress.map((p) => (
            <li key={p.entryId}>
              {p.metric}: {p.value} {p.unit} <small>{formatDateTime(p.recordedAt)}</small>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
