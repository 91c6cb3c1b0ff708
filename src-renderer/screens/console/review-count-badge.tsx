import { useDesk, useDeskQuery } from '../../desk/desk-context';
import './review.css';

/**
 * The top bar's count of open review items (issue 19, R16), for owners and managers only;
 * nothing when none is open.
 */
export function ReviewCountBadge() {
  const desk = useDesk();
  const allowed = desk.hasRole('owner', 'manager');
  const open = useDeskQuery('review.openCount', allowed ? {} : null);
  const count = open.data?.count ?? 0;
  if (!allowed || count === 0) return null;
  // Only the number on screen, to keep the bar on one row at 1024 px; the name read out
  // begins with it (what is seen is what is said) and says what it counts.
  const text = String(count);
  const label = `${count} review ${count === 1 ? 'item' : 'items'} open`;
  return (
    <span className="badge warn review-count-badge" role="status" aria-label={label} title={label}>
      {text}
    </span>
  );
}
