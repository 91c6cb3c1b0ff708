import { Fragment, useState } from 'react';
import type { ReactNode } from 'react';
import { ErrorNote } from '../../shell/error-note';

/**
 * A catalogue section: the list with an "Edit <name>" button per row, that row's form when
 * one is open, and the form that adds one below it. Each section states only its row text
 * and its form; the open form is keyed by the row's id so another row opens a fresh form.
 */
export function CatalogueList<T>(props: {
  readonly title: string;
  readonly rows: { readonly data?: readonly T[] | undefined; readonly error?: unknown };
  readonly idOf: (row: T) => string;
  readonly nameOf: (row: T) => string;
  readonly isActive: (row: T) => boolean;
  /** The row's text, before its edit button. */
  readonly describe: (row: T) => ReactNode;
  /** The form for a row, or for a new one when `row` is null (it has nothing to close). */
  readonly form: (row: T | null, onClose: () => void) => ReactNode;
}) {
  const { rows, idOf, nameOf, isActive } = props;
  const [editing, setEditing] = useState<string | null>(null);
  const chosen = rows.data?.find((r) => idOf(r) === editing);
  return (
    <div className="columns">
      <section className="card" aria-label={props.title}>
        <h3>{props.title}</h3>
        <ErrorNote error={rows.error} />
        <ul className="console-list">
          {rows.data?.map((r) => (
            <li key={idOf(r)} className={isActive(r) ? '' : 'muted'}>
              {props.describe(r)}{' '}
              <button
                type="button"
                className="link"
                onClick={() => {
                  setEditing(idOf(r));
                }}
              >
                Edit {nameOf(r)}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <div>
        {chosen && (
          <Fragment key={idOf(chosen)}>
            {props.form(chosen, () => {
              setEditing(null);
            })}
          </Fragment>
        )}
        {props.form(null, () => undefined)}
      </div>
    </div>
  );
}
