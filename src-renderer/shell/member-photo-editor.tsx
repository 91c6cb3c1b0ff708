import { useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { DESK_ROLES } from '../../src-shared/mutations/front-desk/front-desk-roles';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { ErrorNote } from './error-note';
import { MemberPhoto } from './member-photo';
import { downscalePhoto } from './photo-downscale';

/**
 * The member page's photo (issue 17 item 3): shown large, with Add or Change photo (a file,
 * made small here before it is sent) and Remove photo. Staff who may not change members
 * see the photo only; the desk refuses them anyway.
 */
export function MemberPhotoEditor(props: { readonly memberId: string; readonly name: string }) {
  const desk = useDesk();
  const photo = useDeskQuery('member.photo', { memberId: props.memberId });
  const hasPhoto = photo.data?.memberId === props.memberId;
  // Who may call member.setPhoto: the roles that change a member's details.
  const mayChange = desk.hasRole(...DESK_ROLES);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  /** Runs one change; `work` answers what to tell staff (null: it said so already) or throws. */
  const act = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await work());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // The same file chosen again must fire again: the input forgets its choice.
    event.target.value = '';
    if (!file) return;
    void act(async () => {
      const made = await downscalePhoto(file);
      if ('problem' in made) {
        // A sentence about the file: ErrorNote shows a screen's own string as it is.
        setError(made.problem);
        return null;
      }
      await desk.mutate('member.setPhoto', { memberId: props.memberId, dataUrl: made.dataUrl });
      return `Photo of ${props.name} saved.`;
    });
  };

  return (
    <div className="member-photo-panel" role="group" aria-label="Member photo">
      <MemberPhoto memberId={props.memberId} name={props.name} size="large" placeholder />
      {mayChange && (
        <div className="member-photo-actions">
          <input
            ref={input}
            type="file"
            accept="image/*"
            aria-label={`Photo file for ${props.name}`}
            tabIndex={-1}
            onChange={onFile}
          />
          <button type="button" disabled={busy} onClick={() => input.current?.click()}>
            {hasPhoto ? 'Change photo' : 'Add photo'}
          </button>
          {hasPhoto && (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void act(async () => {
                  await desk.mutate('member.removePhoto', { memberId: props.memberId });
                  return `Photo of ${props.name} removed.`;
                })
              }
            >
              Remove photo
            </button>
          )}
          {busy && <p className="hint">Saving the photo…</p>}
          <ErrorNote error={error} />
          {message && (
            <p className="result ok" role="status">
              {message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
