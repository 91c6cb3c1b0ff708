import { useEffect, useState } from 'react';
import { useDesk } from '../../desk/desk-context';

/**
 * Names of the studio's desks by device id, as the server knows them (`desks.list`). Desk
 * names are not synced, so offline the map holds this desk only, and others show by id.
 */
export function useDeskNames(): ReadonlyMap<string, string> {
  const desk = useDesk();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let cancelled = false;
    desk.bridge.invoke('desks.list', {}).then(
      ({ desks }) => {
        if (!cancelled) setNames(new Map(desks.map((d) => [d.deviceId, d.name])));
      },
      // Offline or not allowed: the ids stand in, nothing to report.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [desk.bridge]);
  const ownId = desk.sync?.deviceId ?? null;
  const ownName = desk.sync?.deviceName ?? 'This desk';
  if (ownId === null || names.has(ownId)) return names;
  return new Map([...names, [ownId, ownName]]);
}

/** A desk as the queue shows it: its name, else the start of its id. */
export function deskLabel(names: ReadonlyMap<string, string>, deviceId: string): string {
  return names.get(deviceId) ?? `Desk ${deviceId.slice(0, 8)}`;
}
