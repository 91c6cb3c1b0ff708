import { z } from 'zod';
import type { SavedStudioExport } from '../protocol/studio-export-messages';

/**
 * The desk's `studio.export` call (issue 19), shared by the renderer, both shells and the
 * desk core. The page always sends `{}`: where the archive goes is the shell's choice (the
 * save dialog in Electron, a temporary file served back as a download in browser mode), so
 * both shells refuse a `target` from the page and pass their own to the desk core, which
 * refuses a call without one.
 */

const ABSOLUTE_PATH = /^(?:\/|\\\\[^\\/]+\\[^\\/]|[A-Za-z]:\\)/;
const PARENT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/]|$)/;

/** An absolute file path with no `..` segment and no control characters. */
export function isExportTargetPath(path: string): boolean {
  if (!ABSOLUTE_PATH.test(path) || PARENT_SEGMENT.test(path)) return false;
  for (let i = 0; i < path.length; i += 1) {
    const code = path.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

export const studioExportArgsSchema = z.strictObject({
  target: z
    .string()
    .max(4_096)
    .refine(isExportTargetPath, 'an absolute file path, like /home/owner/studio.tar.gz')
    .optional(),
});

/** What the page learns: where the archive was saved and how big it is. */
export interface StudioExportResult extends SavedStudioExport {
  /**
   * Browser mode only: the one-time loopback address the page downloads the archive from
   * (`path` is then just the file's name; the browser chooses the folder).
   */
  readonly download?: string;
}

/** Browser mode's route for a finished archive: this prefix, then a one-time token. */
export const STUDIO_EXPORT_DOWNLOAD_PREFIX = '/bridge/studio-export/';

/**
 * The name a save dialog or a browser download suggests: the studio's name as letters,
 * digits and dashes (safe in any file system and in a Content-Disposition header), then
 * the day, e.g. `Sunrise-Yoga-export-2026-12-04.tar.gz`.
 */
export function studioExportDefaultName(studioName: string, day: string): string {
  const plain = studioName
    .normalize('NFKD')
    // Accents come apart from their letters under NFKD; dropping them keeps the letters.
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${plain === '' ? 'studio' : plain}-export-${day}.tar.gz`;
}
