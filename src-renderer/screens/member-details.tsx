import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk } from '../desk/desk-context';
import type { MemberProfile } from '../desk/operation-shapes';
import { formatMoney } from '../desk/money';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { MemberPhotoEditor } from '../shell/member-photo-editor';
import { TextField } from '../shell/text-field';
import { MemberBookings } from './member-bookings';
import { MemberForm, profileArgs, type MemberFields } from './member-form';
import { MemberPurchases } from './member-purchases';
import { MemberLeadHistory } from './leads/member-lead-history';
import { MemberProgressSection } from './progress/member-progress-section';
import { MembershipPanel } from './membership-panel';
import { WaiverSigning } from './waiver-signing';

/** The edit form's starting text: the member's details as the desk last read them. */
function fieldsOf(profile: MemberProfile): MemberFields {
  return {
    firstName: profile.firstName,
    lastName: profile.lastName,
    email: profile.email,
    phone: profile.phone ?? '',
    barcode: profile.barcode ?? '',
  };
}

/**
 * One member's page. Every piece of state here (the edit form, a note being typed, a
 * signature being drawn, a booking about to be cancelled) is this member's: the screen
 * keys this component by the member's id, so opening another member starts it afresh
 * (issue 17: a form loaded for one member once saved over another).
 */
export function MemberDetails({
  profile,
  onChanged,
}: {
  readonly profile: MemberProfile;
  readonly onChanged: () => void;
}) {
  const desk = useDesk();
  const clock = useStudioTime();
  /** The details the edit form was loaded with, and so the member its Save writes to. */
  const [editing, setEditing] = useState<{ memberId: string; fields: MemberFields } | null>(null);
  const name = `${profile.firstName} ${profile.lastName}`;
  const [signing, setSigning] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [isAlert, setIsAlert] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const waiver = profile.waiverDocuments.find((w) => w.templateId === signing);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
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
          {profile.email === '' ? 'no e-mail' : profile.email} · {profile.phone ?? 'no phone'} ·
          card {profile.barcode ?? 'none'} · {profile.status}{' '}
          <button
            type="button"
            onClick={() => {
              setEditing({ memberId: profile.memberId, fields: fieldsOf(profile) });
              setMessage(null);
            }}
          >
            Edit
          </button>
        </p>
        {profile.messagesOptOutAt !== null && (
          <p className="hint">
            Unsubscribed from automatic messages on {clock.date(profile.messagesOptOutAt)}
          </p>
        )}
        <MemberPhotoEditor memberId={profile.memberId} name={name} />
      </header>
      {editing && editing.memberId === profile.memberId && (
        <MemberForm
          label={`Edit ${name}`}
          initial={editing.fields}
          submitLabel="Save changes"
          onCancel={() => {
            setEditing(null);
          }}
          onSave={async (fields) => {
            const saved = await desk.mutate('member.update', {
              // The member the form was loaded for, never whoever is on screen by now.
              memberId: editing.memberId,
              ...profileArgs(fields),
              // The update sets every field: the status is sent back unchanged.
              status: profile.status,
            });
            setEditing(null);
            setMessage(
              `Member details saved. On file now: ${saved.firstName} ${saved.lastName} · ${saved.email === '' ? 'no e-mail' : saved.email} · ${saved.phone ?? 'no phone'} · card ${saved.barcode ?? 'none'}.`,
            );
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
        <MembershipPanel memberId={profile.memberId} />
        <section aria-label="Packs">
          <h3>Packs: {profile.packCredits} credits</h3>
          <ul>
            {profile.allPacks.map((p) => (
              <li key={p.packId} className={p.usable ? '' : 'muted'}>
                {p.name}: {p.remainingCredits} of {p.initialCredits} left
                {p.expiresAt ? `, expires ${clock.dateTime(p.expiresAt)}` : ''}
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
                  `signed ${clock.dateTime(w.signedAt)}`
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
          // A pad per member and waiver: a drawn signature never carries to another.
          key={`${profile.memberId}:${waiver.templateId}`}
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
      <MemberBookings
        profile={profile}
        onCancel={(b) =>
          void act(
            () => desk.mutate('booking.cancel', { bookingId: b.bookingId }),
            `Booking for ${b.title} cancelled.`,
          )
        }
      />
      <MemberPurchases memberId={profile.memberId} />
      <MemberLeadHistory memberId={profile.memberId} />
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
                — {n.authorName ?? 'staff'}, {clock.dateTime(n.createdAt)}
              </small>
            </li>
          ))}
        </ul>
      </section>
      <MemberProgressSection memberId={profile.memberId} />
    </article>
  );
}
