import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { countOf } from './series-schedule';

type StudioClass = QueryResult<'studio.classes'>[number];

/**
 * The confirmation before `class.cancel`, which cancels the class's bookings and returns
 * their pack credits: it says so, and `onDone` gets the counts the mutation answers.
 */
export function CancelClassConfirm(props: {
  readonly klass: StudioClass;
  /** The class's start as the list shows it ("Mon, Dec 7, 6:30 PM"). */
  readonly when: string;
  readonly busy: boolean;
  readonly run: (work: () => Promise<string | null>) => Promise<void>;
  readonly onClose: () => void;
}) {
  const desk = useDesk();
  const { klass, when } = props;
  const bookings = klass.confirmed + klass.waitlisted;
  const cancel = () =>
    props.run(async () => {
      const r = await desk.mutate('class.cancel', { classId: klass.classId });
      props.onClose();
      return `${klass.title}, ${when}, is cancelled: ${countOf(r.cancelledBookings, 'booking')} cancelled, ${countOf(r.creditsReturned, 'pack credit')} returned.`;
    });
  return (
    <div role="alertdialog" aria-label={`Cancel ${klass.title}?`} className="confirm">
      <p>
        Cancelling {klass.title} on {when} cancels its {bookings}{' '}
        {bookings === 1 ? 'booking' : 'bookings'} and returns their class-pack credits to the
        members.{klass.seriesId === null ? '' : ' The rest of its series stays.'} Drop-ins paid at
        the till are refunded there.
      </p>
      <button type="button" className="danger" disabled={props.busy} onClick={() => void cancel()}>
        Yes, cancel the class
      </button>
      <button type="button" onClick={props.onClose}>
        Keep the class
      </button>
    </div>
  );
}
