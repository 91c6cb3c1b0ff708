import { useEffect, useRef, useState } from 'react';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { MessageThread } from './message-thread';
import './messages.css';

/**
 * Messages (issue 20, R22): the studio's conversations, the Handover room first made here on
 * first use, a thread with its compose box. Everything runs on the desk's copy, offline too;
 * notes written offline go out with the rest of the desk's changes.
 */
export function MessagesScreen(props: { readonly active: boolean }) {
  const desk = useDesk();
  const list = useDeskQuery('chat.rooms', { memberId: desk.staff.memberId });
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const opening = useRef(false);
  const rooms = list.data?.rooms ?? [];
  const handover = list.data?.handoverRoomId ?? null;
  const hasHandover = rooms.some((r) => r.isHandover);

  // The studio's Handover room is made the first time anyone opens Messages (R22.1).
  useEffect(() => {
    if (!props.active || list.data === undefined || hasHandover || opening.current) return;
    opening.current = true;
    desk.mutate('chat.openRoom', { kind: 'handover' }).then(
      () => {
        opening.current = false;
      },
      (failure: unknown) => {
        setError(failure);
      },
    );
  }, [props.active, list.data, hasHandover, desk]);

  // Until the Handover room is made, no other room opens by itself: the view would jump to
  // Handover once it is made, and a member's room (R22.5) marked read while the Handover
  // room was being written left the counts stale (tests/e2e/member-messages.test.ts).
  const roomId = chosen ?? (hasHandover ? handover : null);
  const room = rooms.find((r) => r.roomId === roomId) ?? null;

  return (
    <div className="messages columns">
      <section className="card" aria-label="Conversations">
        <h2>Conversations</h2>
        <ErrorNote error={list.error ?? error} />
        <ul className="room-list">
          {rooms.map((r) => (
            <li key={r.roomId}>
              <button
                type="button"
                className="room"
                aria-pressed={r.roomId === roomId}
                onClick={() => {
                  setChosen(r.roomId);
                }}
              >
                <span className="room-name">
                  {r.name}
                  {r.status !== 'open' && <small> ({r.status})</small>}
                </span>
                {r.unread > 0 && (
                  <span className="badge warn">
                    {r.unread}
                    <span className="visually-hidden"> unread</span>
                  </span>
                )}
                {r.lastMessage && (
                  <small className="room-last">
                    {r.lastMessage.authorName}: {r.lastMessage.body}
                  </small>
                )}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {room ? (
        // Keyed by room: a half-written message stays with the room it was meant for.
        <MessageThread key={room.roomId} room={room} active={props.active} />
      ) : (
        <section className="card" aria-label="Thread">
          <p className="hint">Opening the Handover room…</p>
        </section>
      )}
    </div>
  );
}
