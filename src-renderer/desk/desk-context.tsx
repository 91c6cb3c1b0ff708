import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import type { DeskBridge } from '../../src-shared/bridge/desk-bridge';
import type { StaffView, SyncStatusView } from '../../src-shared/bridge/desk-methods';
import {
  deskOperations,
  type MutationArgs,
  type MutationName,
  type MutationResult,
  type QueryArgs,
  type QueryName,
  type QueryResult,
} from '../../src-shared/bridge/desk-operations';

/** What every screen of the signed-in desk reaches: calls, the staff member, sync state. */
export interface DeskApi {
  readonly bridge: DeskBridge;
  readonly staff: StaffView;
  readonly sync: SyncStatusView | null;
  /** Bumped after every local change and every sync that pulled: reads re-run on it. */
  readonly dataVersion: number;
  readonly query: <N extends QueryName>(name: N, args: QueryArgs<N>) => Promise<QueryResult<N>>;
  readonly mutate: <N extends MutationName>(
    name: N,
    args: MutationArgs<N>,
  ) => Promise<MutationResult<N>>;
  readonly hasRole: (...roles: readonly string[]) => boolean;
}

const DeskContext = createContext<DeskApi | null>(null);

export function useDesk(): DeskApi {
  const api = useContext(DeskContext);
  if (!api) throw new Error('useDesk is used inside <DeskProvider>');
  return api;
}

export function DeskProvider(props: {
  readonly bridge: DeskBridge;
  readonly staff: StaffView;
  readonly sync: SyncStatusView | null;
  readonly children: ReactNode;
}) {
  const { bridge, staff, sync } = props;
  const [dataVersion, setDataVersion] = useState(0);
  const lastSync = useRef<string | null>(null);
  useEffect(() => {
    // A sync that pulled may have changed what the screens show; refresh their reads.
    if (sync?.lastSyncAt && sync.lastSyncAt !== lastSync.current) {
      lastSync.current = sync.lastSyncAt;
      setDataVersion((v) => v + 1);
    }
  }, [sync?.lastSyncAt]);

  // Arguments and results typed by the shared definition of the operation named.
  const operations = useMemo(() => deskOperations(bridge), [bridge]);
  const query = operations.query;
  const mutate = useCallback(
    async <N extends MutationName>(name: N, args: MutationArgs<N>): Promise<MutationResult<N>> => {
      const reply = await operations.mutate(name, args);
      setDataVersion((v) => v + 1);
      return reply.result;
    },
    [operations],
  );
  const api = useMemo<DeskApi>(
    () => ({
      bridge,
      staff,
      sync,
      dataVersion,
      query,
      mutate,
      hasRole: (...roles) => roles.some((r) => staff.roles.some((own) => own === r)),
    }),
    [bridge, staff, sync, dataVersion, query, mutate],
  );
  return <DeskContext.Provider value={api}>{props.children}</DeskContext.Provider>;
}

export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Runs a named read and re-runs it when its arguments or the desk's data change. The last
 * result stays on screen while a newer one loads, so nothing flickers during sync.
 */
export function useDeskQuery<N extends QueryName>(
  name: N,
  args: QueryArgs<N> | null,
): QueryState<QueryResult<N>> {
  const { query, dataVersion } = useDesk();
  const [state, setState] = useState<{ data?: QueryResult<N>; error?: unknown; loading: boolean }>({
    loading: args !== null,
  });
  const [nonce, setNonce] = useState(0);
  const key = args === null ? null : JSON.stringify(args);
  useEffect(() => {
    if (key === null) {
      setState({ loading: false });
      return;
    }
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    // The key is the arguments, serialised: parsing it back keeps the effect's deps honest.
    query(name, JSON.parse(key) as QueryArgs<N>).then(
      (data) => {
        if (!cancelled) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (!cancelled) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [name, key, query, dataVersion, nonce]);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading,
    reload: () => {
      setNonce((n) => n + 1);
    },
  };
}
