import type { SavedStudioExport } from '../../src-shared/protocol/studio-export-messages';
import { listStaff } from '../staff/staff-list';
import { requireIdentity, type Desk } from '../store/open-desk';
import { downloadStudioExport } from '../sync/studio-export-download';
import { DeskHostRefusal } from './host-errors';

export interface HostStudioExportOptions {
  readonly desk: Desk;
  /** The signed-in member, or a `not_signed_in` refusal. */
  readonly signedIn: () => Promise<string>;
  readonly fetchImpl?: typeof fetch;
}

/**
 * The desk side of "Export all studio data" (issue 19): the signed-in member must be an
 * owner in the desk's copy, so anyone else is told at once, offline too; the server checks
 * again from its own copy. `target` is where the owner chose to save the archive (the save
 * dialog is the window's, not the desk process's).
 */
export async function exportStudioForOwner(
  options: HostStudioExportOptions,
  target: string,
): Promise<SavedStudioExport> {
  const memberId = await options.signedIn();
  const [staff] = await listStaff(options.desk, memberId);
  if (!staff?.roles.includes('owner')) {
    throw new DeskHostRefusal(
      'forbidden',
      'Only owner staff may export all studio data; ask the studio owner.',
    );
  }
  return downloadStudioExport(
    requireIdentity(options.desk),
    staff.memberId,
    target,
    options.fetchImpl,
  );
}
