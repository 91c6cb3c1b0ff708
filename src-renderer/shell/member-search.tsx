import { useEffect, useId, useState } from 'react';
import { useDesk } from '../desk/desk-context';
import type { FoundMember } from '../desk/operation-shapes';
import { ErrorNote } from './error-note';

/** What tells two people of one name apart: e-mail, else phone, else card (walk-ins). */
function contactLine(m: FoundMember): string {
  return m.email || m.phone || (m.barcode === null ? '' : `card ${m.barcode}`);
}

/**
 * Type-ahead member search: results after two characters, arrow keys to move, Enter to
 * choose. Used by check-in, the member screen and every sale that needs a member.
 */
export function MemberSearch(props: {
  readonly label: string;
  readonly onChoose: (member: FoundMember) => void;
  readonly autoFocus?: boolean;
}) {
  const { query } = useDesk();
  const [text, setText] = useState('');
  const [found, setFound] = useState<readonly FoundMember[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const listId = useId();

  useEffect(() => {
    const typed = text.trim();
    if (typed.length < 2) {
      setFound([]);
      return;
    }
    let cancelled = false;
    const timer = window.setTimeout(() => {
      query('member.find', { text: typed, limit: 8 }).then(
        (members) => {
          if (cancelled) return;
          setFound(members);
          setActive(0);
          setError(null);
        },
        (failure: unknown) => {
          if (!cancelled) setError(failure);
        },
      );
    }, 120);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [text, query]);

  const choose = (member: FoundMember | undefined) => {
    if (!member) return;
    props.onChoose(member);
    setText('');
    setFound([]);
  };

  return (
    <div className="member-search">
      <label>
        {props.label}
        <input
          type="search"
          role="combobox"
          aria-expanded={found.length > 0}
          aria-controls={listId}
          autoComplete="off"
          autoFocus={props.autoFocus}
          placeholder="Name, e-mail, phone or card"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, found.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter') {
              e.preventDefault();
              choose(found[active]);
            } else return;
            e.preventDefault();
          }}
        />
      </label>
      <ErrorNote error={error} />
      {found.length > 0 && (
        <ul id={listId} role="listbox" className="results" aria-label={`${props.label} results`}>
          {found.map((m, i) => (
            <li
              key={m.memberId}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(m);
              }}
            >
              {m.firstName} {m.lastName} <small>{contactLine(m)}</small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
