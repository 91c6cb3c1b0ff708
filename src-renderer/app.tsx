import { useCallback, useEffect, useState } from 'react';
import type { DeskBridge } from '../src-shared/bridge/desk-bridge';
import type { StaffView, SyncStatusView } from '../src-shared/bridge/desk-methods';
import { DeskProvider } from './desk/desk-context';
import { ErrorNote } from './shell/error-note';
import { FINISHED_PROGRESS_MS, isFinished, type ProgressEvent } from './shell/progress-bar';
import { SyncIndicator } from './shell/sync-indicator';
import { useDeskHeartbeat } from './shell/use-desk-heartbeat';
import { FirstRunScreen } from './screens/first-run-screen';
import { SetOwnPinScreen } from './screens/set-own-pin-screen';
import { SignInScreen } from './screens/sign-in-screen';
import { Workspace } from './shell/workspace';
import { MESSAGES_SLOT_ID } from './screens/messages/messages-button';

type Phase =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'setup' }
  | { readonly kind: 'signIn'; readonly hint: string | null; readonly current?: StaffView }
  | { readonly kind: 'setOwnPin'; readonly staff: StaffView }
  | { readonly kind: 'ready'; readonly staff: StaffView };

/** Signed in: straight to work, unless a manager reset the PIN and a new one comes first. */
const signedIn = (staff: StaffView): Phase =>
  staff.mustChangePin ? { kind: 'setOwnPin', staff } : { kind: 'ready', staff };

/** The desk's shell: first run, then sign-in, then the workspace; sync always in view. */
export function App({ bridge }: { readonly bridge: DeskBridge | undefined }) {
  if (!bridge) {
    return (
      <main className="centered">
        <h1>Studio Desk</h1>
        <div className="error-note" role="alert">
          <strong>This page is not connected to a desk.</strong>{' '}
          <span>Open it from the desk app, or with the link `npm run start:browser` prints.</span>
        </div>
      </main>
    );
  }
  return <DeskApp bridge={bridge} />;
}

function DeskApp({ bridge }: { readonly bridge: DeskBridge }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [sync, setSync] = useState<SyncStatusView | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [refusedRequest, setRefusedRequest] = useState(0);
  // The heartbeat's status replaces the shown one only when it differs, so the screens
  // do not re-render every few seconds for nothing.
  const heardStatus = useCallback((status: SyncStatusView) => {
    setSync((shown) => (JSON.stringify(shown) === JSON.stringify(status) ? shown : status));
  }, []);
  const deskAnswering = useDeskHeartbeat(bridge, heardStatus);

  useEffect(() => {
    const stop = bridge.subscribe((event) => {
      if (event.type === 'sync') setSync(event.status);
      else setProgress(event);
    });
    return stop;
  }, [bridge]);
  // A finished task's bar ("Repair: done") stays a moment, then goes by itself.
  useEffect(() => {
    if (!progress || !isFinished(progress)) return;
    const timer = setTimeout(() => {
      setProgress((current) => (current === progress ? null : current));
    }, FINISHED_PROGRESS_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [progress]);

  const load = useCallback(async () => {
    try {
      setSync(await bridge.invoke('sync.status', {}));
      const setup = await bridge.invoke('setup.state', {});
      if (!setup.enrolled) {
        setPhase({ kind: 'setup' });
        return;
      }
      const staff = await bridge.invoke('staff.current', {});
      setPhase(staff ? signedIn(staff) : { kind: 'signIn', hint: null });
    } catch (error) {
      setPhase({ kind: 'failed', error });
    }
  }, [bridge]);
  useEffect(() => {
    void load();
  }, [load]);

  const lock = useCallback(async () => {
    await bridge.invoke('staff.signOut', {}).catch(() => undefined);
    setPhase({ kind: 'signIn', hint: null });
  }, [bridge]);

  const cancelSwitch = (current: StaffView | undefined) =>
    current
      ? () => {
          setPhase({ kind: 'ready', staff: current });
        }
      : undefined;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Studio Desk{sync?.tenantName ? ` · ${sync.tenantName}` : ''}</span>
        {/* The signed-in workspace puts its Messages button here (messages-button.tsx). */}
        <span id={MESSAGES_SLOT_ID} className="topbar-messages" />
        <SyncIndicator
          status={sync}
          deskAnswering={deskAnswering}
          onOpenRefused={
            phase.kind === 'ready'
              ? () => {
                  setRefusedRequest((n) => n + 1);
                }
              : undefined
          }
        />
      </header>
      {phase.kind === 'loading' && <p className="centered">Opening the desk…</p>}
      {phase.kind === 'failed' && (
        <main className="centered">
          <ErrorNote error={phase.error} />
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </main>
      )}
      {phase.kind === 'setup' && (
        <FirstRunScreen
          bridge={bridge}
          progress={progress}
          onDone={(hint) => {
            setPhase({ kind: 'signIn', hint });
          }}
        />
      )}
      {phase.kind === 'signIn' && (
        <SignInScreen
          bridge={bridge}
          hint={phase.hint}
          onCancel={cancelSwitch(phase.current)}
          onSignedIn={(staff) => {
            setPhase(signedIn(staff));
          }}
        />
      )}
      {phase.kind === 'setOwnPin' && (
        <SetOwnPinScreen
          bridge={bridge}
          staff={phase.staff}
          onLock={() => void lock()}
          onDone={(staff) => {
            setPhase({ kind: 'ready', staff });
          }}
        />
      )}
      {phase.kind === 'ready' && (
        <DeskProvider bridge={bridge} staff={phase.staff} sync={sync}>
          <Workspace
            progress={progress}
            onDismissProgress={() => {
              setProgress(null);
            }}
            refusedRequest={refusedRequest}
            onLock={() => void lock()}
            onSwitch={() => {
              // The current staff member stays signed in until someone else signs in.
              setPhase({ kind: 'signIn', hint: null, current: phase.staff });
            }}
          />
        </DeskProvider>
      )}
    </div>
  );
}
