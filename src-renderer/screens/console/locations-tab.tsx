import { useState } from 'react';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { LocationForm } from './location-form';
import { RoomForm } from './room-form';
import { useAction } from './use-action';

/** The studio's locations and their rooms (`studio.locations`), retired rooms included. */
export function LocationsTab() {
  const desk = useDesk();
  const locations = useDeskQuery('studio.locations', { includeRetiredRooms: true });
  const [editing, setEditing] = useState<string | null>(null);
  const [editingRoom, setEditingRoom] = useState<string | null>(null);
  const { busy, error, done, run } = useAction();
  const list = locations.data ?? [];
  const location = list.find((l) => l.locationId === editing) ?? null;
  const room = list
    .flatMap((l) => l.rooms.map((r) => ({ ...r, locationId: l.locationId })))
    .find((r) => r.roomId === editingRoom);

  const setActive = (roomId: string, name: string, active: boolean) =>
    run(async () => {
      await desk.mutate('room.update', { roomId, active });
      return active ? `Room ${name} is in use again.` : `Room ${name} is retired.`;
    });

  return (
    <div className="columns">
      <section className="card" aria-label="Locations">
        <h3>Locations</h3>
        <ErrorNote error={locations.error ?? error} />
        {done !== null && <p role="status">{done}</p>}
        {list.length === 0 && !locations.loading && <p className="hint">No location yet.</p>}
        {list.map((l) => (
          <article key={l.locationId} aria-label={l.name} className="console-item">
            <h4>
              {l.name} <span className="muted">({l.timeZone})</span>
            </h4>
            {l.address !== null && <p>{l.address}</p>}
            <button
              type="button"
              onClick={() => {
                setEditing(l.locationId);
              }}
            >
              Edit {l.name}
            </button>
            <ul aria-label={`Rooms at ${l.name}`}>
              {l.rooms.map((r) => (
                <li key={r.roomId} className={r.active ? '' : 'muted'}>
                  {r.name}
                  {r.capacity === null ? '' : `, ${r.capacity} places`}
                  {r.active ? '' : ' (retired)'}{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setEditingRoom(r.roomId);
                    }}
                  >
                    Edit room {r.name}
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    disabled={busy}
                    onClick={() => void setActive(r.roomId, r.name, !r.active)}
                  >
                    {r.active ? `Retire room ${r.name}` : `Bring back room ${r.name}`}
                  </button>
                </li>
              ))}
            </ul>
          </article>
        ))}
      </section>
      <div>
        {location ? (
          <LocationForm
            key={location.locationId}
            location={location}
            onDone={() => {
              setEditing(null);
            }}
          />
        ) : (
          <LocationForm location={null} onDone={() => undefined} />
        )}
        {room ? (
          <RoomForm
            key={room.roomId}
            locations={list}
            room={room}
            onDone={() => {
              setEditingRoom(null);
            }}
          />
        ) : (
          list.length > 0 && <RoomForm locations={list} room={null} onDone={() => undefined} />
        )}
      </div>
    </div>
  );
}
