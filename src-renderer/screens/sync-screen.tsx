import { useEffect, useRef, useState } from 'react';
import type { VerifyView } from '../../src-shared/bridge/desk-methods';
import { useDesk } from '../desk/desk-context';
import { asSentence, readableRefusal } from '../desk/error-text';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';

/**
 * Sync in detail: what is pending, what the server refused (dismiss), verify and repair
 * (its progress shows in the workspace's bar above every screen).
 * `showRefused` counts the top bar's "N refused" clicks: each brings the refused list into
 * view and focus.
 */
export function SyncScreen({ showRefused = 0 }: { readonly showRefused?: number }) {
  const desk = useDesk();
  const clock = useStudioTime();
  const refusedHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (showRefused === 0) return;
    refusedHeading.current?.scrollIntoView({ block: 'start' });
    refusedHeading.current?.focus();
  }, [showRefused]);
  const status = desk.sync;
  const [verify, setVerify] = useState<VerifyView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (label: string, work: () => Promise<unknown>) => {
    setBusy(label);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="sync-screen">
      <h2>Sync</h2>
      {status && (
        <dl className="facts">
          <dt>Studio</dt>
          <dd>{status.tenantName ?? '—'}</dd>
          <dt>This desk</dt>
          <dd>{status.deviceName ?? '—'}</dd>
          <dt>Connection</dt>
          <dd>{status.online ? 'online' : status.lastError === null ? 'connecting' : 'offline'}</dd>
          <dt>Not yet synced</dt>
          <dd>{status.pending}</dd>
          <dt>Last sync</dt>
          <dd>{clock.dateTime(status.lastSyncAt)}</dd>
          {status.lastError && (
            <>
              <dt>Last error</dt>
              <dd>{asSentence(status.lastError)}</dd>
            </>
          )}
        </dl>
      )}
      <div className="row">
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => void run('Syncing…', () => desk.bridge.invoke('sync.now', {}))}
        >
          Sync now
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() =>
            void run('Verifying…', async () => {
              setVerify(await desk.bridge.invoke('sync.verify', {}));
            })
          }
        >
          Verify with the server
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() =>
            void run('Repairing…', async () => {
              setVerify(await desk.bridge.invoke('sync.repair', {}));
            })
          }
        >
          Repair
        </button>
      </div>
      {busy && <p role="status">{busy}</p>}
      <ErrorNote error={error} />
      {verify && (
        <p role="status" className={verify.matches ? 'result ok' : 'result warn'}>
          {verify.matches
            ? `This desk matches the server (position ${verify.position}).`
            : `Differs from the server in: ${verify.mismatchedTables.join(', ')}. Repair fixes it.`}
        </p>
      )}
      <h3 id="refused-changes" ref={refusedHeading} tabIndex={-1}>
        Refused changes
      </h3>
      {status?.problems.length === 0 && (
        <p className="hint">None: the server accepted everything.</p>
      )}
      <ul aria-label="Refused changes">
        {status?.problems.map((p) => (
          <li key={p.seq}>
            <strong>{p.name}</strong> at {clock.dateTime(p.at)}:{' '}
            {p.reason ? readableRefusal(p.reason) : (p.code ?? 'refused')}{' '}
            <button
              type="button"
              onClick={() =>
                void run('Dismissing…', () =>
                  desk.bridge.invoke('sync.dismissProblem', { seq: p.seq }),
                )
              }
            >
              Dismiss
            </button>
          </li>
        ))}
      </ul>
      {status && status.driftProblems.length > 0 && (
        <>
          <h3>Only on this desk</h3>
          <p className="hint">
            The server never recorded these rows. Repair replaces their tables with the
            server&apos;s copy, which removes them.
          </p>
          <ul aria-label="Rows only on this desk">
            {status.driftProblems.map((p) => (
              <li key={`${p.table}|${p.rowKey}`}>
                <strong>{p.table}</strong> {p.rowKey}, found {clock.dateTime(p.detectedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
