/**
 * A member's photo as the desk keeps it (issue 17 item 3): a JPEG or PNG data URL of at most
 * MAX_MEMBER_PHOTO_CHARS characters. The member page makes a 240×240 JPEG of any picture,
 * 10–25 KB, so a photo stays a small part of a push batch (PROTOCOL.md R3.6). The table's
 * CHECK (migration 20261204080000) holds the same bound. Its own module so the renderer can
 * read it without loading the mutations.
 */
export const MAX_MEMBER_PHOTO_CHARS = 65_536;

/** The longest edge, in pixels, of the photo the member page makes. */
export const MEMBER_PHOTO_EDGE_PX = 240;

/** The data URL types a photo may have, and how their base64 must start (the file's magic). */
export const MEMBER_PHOTO_TYPES = {
  'data:image/jpeg;base64,': '/9j/',
  'data:image/png;base64,': 'iVBORw0KGgo',
} as const;

/** The bytes of the picture a base64 data URL carries. */
export function photoByteSize(dataUrl: string): number {
  const payload = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  return (payload.length / 4) * 3 - padding;
}
