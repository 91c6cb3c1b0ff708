import { z } from 'zod';

/**
 * `GET /v1/console/export?actorId=…` (issue 19): the whole studio as one .tar.gz, for its
 * signed-in owner at an enrolled desk. The answer is the archive itself
 * (`application/gzip`), or a refusal `{ error, message }` before any byte of it.
 */
export const STUDIO_EXPORT_PATH = '/v1/console/export';

export const studioExportQuerySchema = z.strictObject({ actorId: z.uuid() });
export type StudioExportQuery = z.infer<typeof studioExportQuerySchema>;

/** The file name the server suggests (Content-Disposition): the studio's day of export. */
export function studioExportFileName(exportedOn: string): string {
  return `studio-export-${exportedOn}.tar.gz`;
}

/** What a desk tells its owner once the archive is saved (null: the owner cancelled). */
export interface SavedStudioExport {
  readonly path: string;
  readonly bytes: number;
}
