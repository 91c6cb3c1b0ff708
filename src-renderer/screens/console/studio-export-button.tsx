import { useState } from 'react';
import type { SavedStudioExport } from '../../../src-shared/protocol/studio-export-messages';
import { ErrorNote } from '../../shell/error-note';

export interface StudioExportButtonProps {
  /**
   * Asks where to save, then saves the server's archive there (the desk's `studio.export`
   * call); null when the owner cancelled the save dialog.
   */
  readonly exportStudio: () => Promise<SavedStudioExport | null>;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`;
}

/**
 * "Export all studio data" (issue 19), for an owner leaving or auditing: every table of
 * the studio as JSON Lines and CSV in one .tar.gz, read from the server, so it needs the
 * server (offline it says why). The server checks the owner role again; the export can take
 * minutes for a large studio, so the button says it is working until the file is saved.
 */
export function StudioExportButton({ exportStudio }: StudioExportButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<SavedStudioExport | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setSaved(await exportStudio());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div role="group" aria-label="Studio export">
      <p>
        Every record of the studio (members, sales, payments, classes, the audit log, and more) as
        JSON Lines and CSV files in one archive. PINs and desk passwords are never included.
      </p>
      <ErrorNote error={error} />
      {saved !== null && (
        <p role="status">
          Saved the studio's data to {saved.path} ({megabytes(saved.bytes)}).
        </p>
      )}
      <button type="button" disabled={busy} aria-busy={busy} onClick={() => void run()}>
        {busy ? 'Exporting all studio data…' : 'Export all studio data'}
      </button>
    </div>
  );
}
