import { useMemo, useState } from 'react';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { ErrorNote } from '../shell/error-note';
import { MemberSearch } from '../shell/member-search';
import { BookAheadDialog } from './book-ahead-dialog';
import { FeesOwed } from './fee-owed-section';
import { MemberDetails } from './member-details';
import { MemberForm, profileArgs, type MemberFields } from './member-form';

const EMPTY_MEMBER: MemberFields = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  barcode: '',
};

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
  // A query keeps its last answer while the next one loads: the previous member's profile
  // must never show, or be edited, under the member now chosen.
  const shown = profile.data?.memberId === props.memberId ? profile.data : undefined;
  const desk = useDesk();
  const [adding, setAdding] = useState(false);
  /** What was just done here, for the status line. */
  const [notice, setNotice] = useState<string | null>(null);
  /** The member the booking dialog is open for (never another member's, once switched). */
  const [booking, setBooking] = useState<string | null>(null);
  const shownName = shown ? `${shown.firstName} ${shown.lastName}` : '';
  return (
    <div className="member-screen">
      <div className="toolbar">
        <MemberSearch
          label="Find a member"
          onChoose={(m) => {
            setNotice(null);
            setBooking(null);
            props.onChooseMember(m.memberId);
          }}
        />
        <button
          type="button"
          onClick={() => {
            setAdding(true);
            setNotice(null);
          }}
        >
          New member
        </button>
        {shown && (
          <button
            type="button"
            onClick={() => {
              setBooking(shown.memberId);
              setNotice(null);
            }}
          >
            Book a class
          </button>
        )}
      </div>
      {shown && booking === shown.memberId && (
        <BookAheadDialog
          memberId={shown.memberId}
          memberName={shownName}
          onClose={() => {
            setBooking(null);
          }}
          onBooked={(done) => {
            setBooking(null);
            setNotice(done);
          }}
        />
      )}
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
            setNotice(`${fields.firstName.trim()} ${fields.lastName.trim()} was added.`);
            props.onChooseMember(memberId);
          }}
        />
      )}
      {notice && (
        <p className="result ok" role="status">
          {notice}
        </p>
      )}
      <ErrorNote error={profile.error} />
      {props.memberId === null && !adding && (
        <p className="hint">
          Search for a member by name, e-mail, phone or card, or add a new one.
        </p>
      )}
      {props.memberId !== null && !shown && profile.loading && <p className="hint">Loading…</p>}
      {shown && (
        <FeesOwed key={`fees:${shown.memberId}`} memberId={shown.memberId} memberName={shownName} />
      )}
      {shown && (
        <MemberDetails
          // Keyed by the member: every form, note draft and signature pad below is theirs.
          key={shown.memberId}
          profile={shown}
          onChanged={() => {
            profile.reload();
          }}
        />
      )}
    </div>
  );
}
