import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import './messages.css';

/** Where the top bar keeps room for the Messages button (app.tsx). */
export const MESSAGES_SLOT_ID = 'topbar-messages';

/**
 * The top bar's way into Messages, with the signed-in staff member's unread count (R22.3).
 * In the dark top bar, not the screens' bar: that one is full at 1024 px. Rendered from the
 * workspace through a portal, so it reads the desk like any screen and refreshes with it.
 */
export function MessagesButton(props: { readonly onOpen: () => void }) {
  const desk = useDesk();
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  useEffect(() => {
    setSlot(document.getElementById(MESSAGES_SLOT_ID));
  }, []);
  const unread = useDeskQuery('chat.unreadCount', { memberId: desk.staff.memberId });
  const count = unread.data?.unread ?? 0;
  if (slot === null) return null;
  // The name starts with the words on the button (WCAG 2.5.3): "Messages 3 unread".
  const shown = count > 99 ? '99+' : String(count);
  const label = count === 0 ? 'Messages' : `Messages ${shown} unread`;
  return createPortal(
    <button type="button" className="messages-button" aria-label={label} onClick={props.onOpen}>
      Messages{' '}
      {count > 0 && (
        <span className="messages-unread" aria-hidden="true">
          {shown}
        </span>
      )}
    </button>,
    slot,
  );
}
