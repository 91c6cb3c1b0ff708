import { useCallback, useEffect, useState } from 'react';
import type { DeskSummary } from '../../../src-shared/protocol/console-messages';
import { useDesk } from '../../desk/desk-context';
import { deskStatusLabel } from '../../desk/status-labels';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { Field } from './console-fields';

/**
 * The studio's desks, as the server knows them (`desks.list`, `desks.rename`,
 * `desks.revoke`), and a one-time code to add another (`desks.enrollmentCode`). Needs the
 * server: offline, the list says why it cannot load. Revoking this very desk locks it out for
 * good, so it asks for an explicit confirmation.
 */
export function DesksTab() {
  const desk = useDesk();
  const clock = useStudioTime();
  const [desks, setDesks] = useState<readonly DeskSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ readonly deviceId: string; name: string } | null>(
    null,
  );
  const [revoking, setRevoking] = useState<DeskSummary | null>(null);
  const [newDeskCode, setNewDeskCode] = useState<{
    readonly code: string;
    readonly expiresAt: string;
  } | null>(null);

  const load = useCallback(async () => {
    try {
      setDesks((await desk.bridge.invoke('desks.list', {})).desks);
    } catch (failure) {
      setError(failure);
    }
  }, [desk.bridge]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await work());
      await load();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-label="Desks">
      <h3>Desks</h3>
      <ErrorNote error={error} />
      {done !== null && <p role="status">{done}</p>}
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void load()}>
          Refresh the desks
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              setNewDeskCode(await desk.bridge.invoke('desks.enrollmentCode', {}));
              return 'A new desk can now be added with the code below.';
            })
          }
        >
          Add a desk
        </button>
      </div>
      {newDeskCode !== null && (
        <div role="region" aria-label="New desk code">
          <p>
            On the new desk, under “Connect to your studio”, enter the server address and this
            enrolment code. It works once, until {clock.dateTime(newDeskCode.expiresAt)}.
          </p>
          <p>
            <strong className="enrollment-code" data-testid="new-desk-code">
              {newDeskCode.code}
            </strong>
          </p>
        </div>
      )}
      {desks === null && error === null && <p className="hint">Asking the server…</p>}
      <ul className="console-list">
        {desks?.map((d) => (
          <li key={d.deviceId} aria-label={d.name} className={d.status === 'active' ? '' : 'muted'}>
            <strong>{d.name}</strong>
            {d.isThisDesk ? ' (this desk)' : ''} — {deskStatusLabel(d.status).toLowerCase()},
            enrolled {clock.dateTime(d.enrolledAt)}, last seen {clock.dateTime(d.lastSeenAt)}
            {d.status === 'active' && (
              <div className="row">
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => {
                    setRenaming({ deviceId: d.deviceId, name: d.name });
                  }}
                >
                  Rename {d.name}
                </button>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => {
                    setRevoking(d);
                  }}
                >
                  Revoke {d.name}
                </button>
              </div>
            )}
            {renaming?.deviceId === d.deviceId && (
              <form
                className="row"
                aria-label={`Rename ${d.name}`}
                onSubmit={(e) => {
                  e.preventDefault();
                  const name = renaming.name.trim();
                  if (name === '') return;
                  void act(async () => {
                    await desk.bridge.invoke('desks.rename', { deviceId: d.deviceId, name });
                    setRenaming(null);
                    return `The desk is now called ${name}.`;
                  });
                }}
              >
                <Field
                  label="New desk name"
                  value={renaming.name}
                  onChange={(name) => {
                    setRenaming({ deviceId: d.deviceId, name });
                  }}
                />
                <button type="submit" disabled={busy || renaming.name.trim() === ''}>
                  Save desk name
                </button>
              </form>
            )}
            {revoking?.deviceId === d.deviceId && (
              <div role="alertdialog" aria-label={`Revoke ${d.name}?`} className="confirm">
                <p>
                  {d.isThisDesk
                    ? 'This is the desk you are using. Revoked, it stops syncing and cannot be used again until it is set up anew. Changes it has not synced yet stay on it.'
                    : `${d.name} stops syncing and can no longer be used until it is set up anew.`}
                </p>
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      await desk.bridge.invoke('desks.revoke', {
                        deviceId: d.deviceId,
                        ...(d.isThisDesk ? { thisDesk: true } : {}),
                      });
                      setRevoking(null);
                      return `${d.name} is revoked.`;
                    })
                  }
                >
                  {d.isThisDesk ? 'Yes, revoke this desk' : `Yes, revoke ${d.name}`}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setRevoking(null);
                  }}
                >
                  Keep it
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
