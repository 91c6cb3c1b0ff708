import {
  MAX_MEMBER_PHOTO_CHARS,
  MEMBER_PHOTO_EDGE_PX,
} from '../../src-shared/mutations/member-photo-limits';

/** A photo ready to send, or the sentence staff read about the file they chose. */
export type DownscaledPhoto = { readonly dataUrl: string } | { readonly problem: string };

/** Tried in turn until the JPEG fits the desk's limit; the first nearly always does. */
const ATTEMPTS: readonly { readonly edge: number; readonly quality: number }[] = [
  { edge: MEMBER_PHOTO_EDGE_PX, quality: 0.85 },
  { edge: MEMBER_PHOTO_EDGE_PX, quality: 0.6 },
  { edge: 160, quality: 0.6 },
  { edge: 120, quality: 0.5 },
];

function drawJpeg(picture: ImageBitmap, edge: number, quality: number): string | null {
  const scale = Math.min(1, edge / Math.max(picture.width, picture.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(picture.width * scale));
  canvas.height = Math.max(1, Math.round(picture.height * scale));
  const context = canvas.getContext('2d');
  if (!context) return null;
  // A JPEG has no transparency: a transparent PNG goes onto white, not black.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(picture, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', quality);
}

/**
 * Makes a member photo of the file staff chose: a JPEG of at most 240×240 that keeps the
 * picture's proportions, drawn in the renderer so a 5 MB phone picture is sent as ~15 KB.
 * The browser decodes the file (and turns it upright by its EXIF orientation); a file that
 * is not a picture, or one it cannot read, is answered with a sentence, never sent.
 */
export async function downscalePhoto(file: File): Promise<DownscaledPhoto> {
  if (!file.type.startsWith('image/')) {
    return { problem: `“${file.name}” is not a picture. Choose a photo (JPEG or PNG).` };
  }
  let picture: ImageBitmap;
  try {
    picture = await createImageBitmap(file);
  } catch {
    return {
      problem: `“${file.name}” could not be read as a picture. Choose another photo (JPEG or PNG).`,
    };
  }
  try {
    for (const { edge, quality } of ATTEMPTS) {
      const dataUrl = drawJpeg(picture, edge, quality);
      if (dataUrl === null)
        return { problem: 'This desk cannot draw pictures, so it cannot shrink the photo.' };
      if (dataUrl.length <= MAX_MEMBER_PHOTO_CHARS) return { dataUrl };
    }
    return { problem: `“${file.name}” could not be made small enough. Choose another photo.` };
  } finally {
    picture.close();
  }
}
