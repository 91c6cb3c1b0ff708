import { useEffect, useState } from 'react';
import type { AppInfo, DeskBridge } from '../src-shared/bridge/desk-bridge';

type InfoState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly info: AppInfo }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** The desk's shell. Screens (check-in, sale, cash drawer) arrive in later changes. */
export function App({ bridge }: { readonly bridge: DeskBridge | undefined }) {
  const [state, setState] = useState<InfoState>(
    bridge ? { kind: 'loading' } : { kind: 'unavailable', reason: 'not running in the desk app' },
  );

  useEffect(() => {
    if (!bridge) return;
    let cancelled = false;
    bridge.appInfo().then(
      (info) => {
        if (!cancelled) setState({ kind: 'ready', info });
      },
      (error: unknown) => {
        if (!cancelled) setState({ kind: 'unavailable', reason: String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [bridge]);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Studio Desk</h1>
      <p role="status">Sync status: not connected yet (sync arrives in a later change).</p>
      <p>
        <small>{describe(state)}</small>
      </p>
    </main>
  );
}

function describe(state: InfoState): string {
  switch (state.kind) {
    case 'loading':
      return 'Loading app information…';
    case 'ready':
      return `${state.info.name} ${state.info.version} · Electron ${state.info.electronVersion} · ${state.info.platform}`;
    case 'unavailable':
      return `App information unavailable: ${state.reason}`;
  }
}
