import type { DeskMethodArgs } from '../../src-shared/bridge/desk-methods';
import type { SavedStudioExport } from '../../src-shared/protocol/studio-export-messages';
import { listStaff } from '../staff/staff-list';
import { requireIdentity, type Desk } from '../store/open-desk';
import { downloadStudioExport, StudioExportSaveError } from '../sync/studio-export-download';
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

/**
 * The `studio.export` handler. The shell (Electron main, browser mode's loopback server)
 * always names the target; a call that reaches the desk core without one came around the
 * shell, and is refused before anything is read or written.
 */
export function studioExportHandler(
  options: HostStudioExportOptions,
): (args: DeskMethodArgs<'studio.export'>) => Promise<SavedStudioExport> {
  return async ({ target }) => {
    if (target === undefined) {
      throw new DeskHostRefusal(
        'invalid',
        'studio.export: the desk app chooses where the archive is saved; no target was given.',
      );
    }
    try {
      return await exportStudioForOwner(options, target);
    } catch (error) {
      // The owner's folder, not the desk, is at fault: say so plainly, not as a desk failure.
      if (error instanceof StudioExportSaveError) {
        throw new DeskHostRefusal(
          'cannot_save',
          `The studio's data was not saved: ${error.message}. Choose another folder and export again.`,
        );
      }
      throw error;
    }
  };
}
