import { useCallback, useEffect, useRef, useState } from 'react';
import type { HeldSale, ParkedSaleView } from '../../src-shared/bridge/held-sale-schemas';
import { useDesk } from './desk-context';

export interface HeldSaleApi {
  /** False until the desk has said whether a sale was open: nothing is saved before that. */
  readonly loaded: boolean;
  readonly parked: readonly ParkedSaleView[];
  /** A save or a park that failed, for the screen to show. */
  readonly error: unknown;
  park(label: string, sale: HeldSale): Promise<void>;
  /** The parked sale re-priced, with what changed; the caller shows it as the cart. */
  recall(parkedSaleId: string): Promise<{ sale: HeldSale | null; changes: readonly string[] }>;
}

/**
 * Keeps the Sell screen's open sale in the desk's database (issue 17 item 6), so a lock, a
 * staff switch, the idle lock or a restart (each unmounts the screen) does not drop it: the
 * open sale is read once when the screen mounts and saved on every change after that. Writes
 * go one after another, in the order they were made, so an older save never lands last.
 */
export function useHeldSale(
  current: HeldSale | null,
  restore: (sale: HeldSale) => void,
): HeldSaleApi {
  const { bridge } = useDesk();
  const [loaded, setLoaded] = useState(false);
  const [parked, setParked] = useState<readonly ParkedSaleView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const lastSaved = useRef<string | null>(null);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;

  const inOrder = useCallback(<T>(write: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(write, write);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const refreshParked = useCallback(() => {
    bridge.invoke('sale.parkedList', {}).then(setParked, setError);
  }, [bridge]);

  useEffect(() => {
    let cancelled = false;
    bridge.invoke('sale.openCart', {}).then(
      (open) => {
        if (cancelled) return;
        lastSaved.current = open === null ? null : JSON.stringify(open);
        if (open) restoreRef.current(open);
        setLoaded(true);
      },
      (failure: unknown) => {
        if (cancelled) return;
        setError(failure);
        // Better to keep ringing up than to refuse the screen: the next change is saved.
        setLoaded(true);
      },
    );
    refreshParked();
    return () => {
      cancelled = true;
    };
  }, [bridge, refreshParked]);

  const json = current === null ? null : JSON.stringify(current);
  useEffect(() => {
    if (!loaded || json === lastSaved.current) return;
    lastSaved.current = json;
    const write = () =>
      json === null
        ? bridge.invoke('sale.discardOpenCart', {})
        : bridge.invoke('sale.saveOpenCart', { sale: JSON.parse(json) as HeldSale });
    inOrder(write).then(() => {
      setError(null);
    }, setError);
  }, [loaded, json, bridge, inOrder]);

  const park = useCallback(
    async (label: string, sale: HeldSale) => {
      await inOrder(() => bridge.invoke('sale.park', { label, sale }));
      // The desk closed the open sale with the park; the emptied cart need not say so again.
      lastSaved.current = null;
      refreshParked();
    },
    [bridge, inOrder, refreshParked],
  );

  const recall = useCallback(
    async (parkedSaleId: string) => {
      const recalled = await inOrder(() => bridge.invoke('sale.recall', { parkedSaleId }));
      lastSaved.current = recalled.sale === null ? null : JSON.stringify(recalled.sale);
      refreshParked();
      return recalled;
    },
    [bridge, inOrder, refreshParked],
  );

  return { loaded, parked, error, park, recall };
}
