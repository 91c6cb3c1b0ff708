import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type {
  ChatMessageView,
  ChatRoomSummary,
} from '../../../src-shared/queries/chat/chat-queries';
import { MAX_MESSAGE_CHARS } from '../../../src-shared/mutations/chat/chat-fields';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';

const PAGE = 100;

/** The signed-in staff member's own messages, and a member's (R22.5), each set apart. */
function messageClass(message: ChatMessageView, staffMemberId: string): string {
  if (message.authorMemberId === staffMemberId) return 'mine';
  return message.fromMember ? 'from-member' : '';
}

/**
 * One conversation: its latest messages, oldest at the top, and the compose box (Enter
 * sends, Shift+Enter starts a new line). While it is on screen the room is marked read up
 * to its last message, so the top bar's count drops (R22.3).
 */
export function MessageThread(props: { readonly room: ChatRoomSummary; readonly active: boolean }) {
  const { room, active } = props;
  const desk = useDesk();
  const clock = useStudioTime();
  const thread = useDeskQuery('chat.messages', { roomId: room.roomId, limit: PAGE });
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const marked = useRef<string | null>(null);
  const messages = thread.data?.messages ?? [];
  const last = messages.at(-1) ?? null;
  const list = useRef<HTMLOListElement>(null);
  const lastId = last?.messageId ?? null;

  // The newest message is at the bottom: keep it in view as messages arrive.
  useEffect(() => {
    const element = list.current;
    if (element && lastId !== null) element.scrollTop = element.scrollHeight;
  }, [lastId]);

  useEffect(() => {
    if (!active || last === null || room.unread === 0 || marked.current === last.messageId) return;
    marked.current = last.messageId;
    desk
      .mutate('chat.markRead', { roomId: room.roomId, messageId: last.messageId })
      .catch((failure: unknown) => {
        setError(failure);
      });
  }, [active, last, room.unread, room.roomId, desk]);

  const send = () => {
    if (body.trim() === '') return;
    setError(null);
    desk.mutate('chat.post', { roomId: room.roomId, body }).then(
      () => {
        setBody('');
      },
      (failure: unknown) => {
        setError(failure);
      },
    );
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    send();
  };

  return (
    <section className="card thread" aria-label={`Thread: ${room.name}`}>
      <h2>{room.name}</h2>
      {room.memberId !== null && (
        // R22.5: the member's room is their conversation with the studio.
        <p className="hint">The member reads this conversation and writes to it from their link.</p>
      )}
      <ErrorNote error={thread.error} />
      {thread.data?.hasMore && <p className="hint">Showing the latest {PAGE} messages.</p>}
      {messages.length === 0 && thread.data && <p className="hint">No message yet.</p>}
      <ol ref={list} className="message-list" aria-label="Messages" tabIndex={0}>
        {messages.map((m) => (
          <li key={m.messageId} className={messageClass(m, desk.staff.memberId)}>
            <p className="message-body">{m.body}</p>
            <small>
              {m.authorName}, {clock.dateTime(m.createdAt)}
            </small>
          </li>
        ))}
      </ol>
      {room.status === 'open' ? (
        <form
          className="compose"
          aria-label="Write a message"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <label>
            Message <small className="hint">(Enter sends, Shift+Enter for a new line)</small>
            <textarea
              rows={3}
              maxLength={MAX_MESSAGE_CHARS}
              value={body}
              onChange={(e) => {
                setBody(e.target.value);
              }}
              onKeyDown={onKeyDown}
            />
          </label>
          <button type="submit" disabled={body.trim() === ''}>
            Send
          </button>
        </form>
      ) : (
        <p className="hint">This conversation is {room.status}.</p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
