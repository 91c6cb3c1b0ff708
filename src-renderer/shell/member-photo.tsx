import type { ReactNode } from 'react';
import { useDeskQuery } from '../desk/desk-context';
import './member-photo.css';

/**
 * A member's photo, read from the desk (`member.photo`), so staff see who is in front of
 * them (issue 17 item 3). Nothing is drawn for a member without one, unless `placeholder`.
 */
export function MemberPhoto(props: {
  readonly memberId: string;
  readonly name: string;
  readonly size: 'small' | 'large';
  /** Show an empty frame saying there is no photo (the member page), rather than nothing. */
  readonly placeholder?: boolean;
}) {
  const photo = useDeskQuery('member.photo', { memberId: props.memberId });
  // The last answer stays while the next loads: never show one member's photo for another.
  const shown = photo.data?.memberId === props.memberId ? photo.data : null;
  const className = `member-photo member-photo-${props.size}`;
  if (shown)
    return <img className={className} src={shown.dataUrl} alt={`Photo of ${props.name}`} />;
  if (!props.placeholder) return null;
  return (
    <div
      className={`${className} member-photo-empty`}
      role="img"
      aria-label={`No photo of ${props.name}`}
    >
      No photo
    </div>
  );
}

/** `children` beside the photo of the member they are about: the check-in result. */
export function WithMemberPhoto(props: {
  readonly memberId: string;
  readonly name: string;
  readonly children: ReactNode;
}) {
  return (
    <div className="with-member-photo">
      <MemberPhoto memberId={props.memberId} name={props.name} size="small" />
      {props.children}
    </div>
  );
}
