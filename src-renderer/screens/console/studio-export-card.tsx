import { useCallback } from 'react';
import { useDesk } from '../../desk/desk-context';
import { exportStudio } from './studio-export-call';
import { StudioExportButton } from './studio-export-button';

/**
 * Studio › Settings' "Export all studio data" (issue 19). Only an owner may take the whole
 * studio away (the desk and the server both check); anyone else is told who can.
 */
export function StudioExportCard() {
  const desk = useDesk();
  const { bridge } = desk;
  const run = useCallback(() => exportStudio(bridge), [bridge]);
  return (
    <section className="card" aria-label="Export all studio data">
      <h3>Export all studio data</h3>
      {desk.hasRole('owner') ? (
        <StudioExportButton exportStudio={run} />
      ) : (
        <p className="hint">
          Only the studio’s owner can export all of its data; ask them if you need a copy.
        </p>
      )}
    </section>
  );
}
