import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskMethod } from '../../src-shared/bridge/desk-methods';
import {
  studioExportArgsSchema,
  studioExportDefaultName,
} from '../../src-shared/bridge/studio-export-call';

export interface StudioExportSaveOptions {
  /** The desk process, as the relay reaches it. */
  readonly invoke: (method: DeskMethod, args: unknown) => Promise<DeskReply>;
  /** Electron's save dialog, opened on `defaultName`: the chosen path, or undefined. */
  readonly chooseTarget: (defaultName: string) => Promise<string | undefined>;
  /** Today on this computer, YYYY-MM-DD, for the suggested file name. */
  readonly today: () => string;
}

/**
 * `studio.export` in Electron (issue 19): main asks the owner where to save, then has the
 * desk process download the archive there. Cancelling answers null and writes nothing. The
 * page may not name the path itself: only the owner, through the dialog, chooses where the
 * desk writes.
 */
export async function exportStudioWithSaveDialog(
  options: StudioExportSaveOptions,
  args: unknown,
): Promise<DeskReply> {
  const parsed = studioExportArgsSchema.safeParse(args);
  if (!parsed.success || parsed.data.target !== undefined) {
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: 'studio.export: the save dialog chooses where the archive goes, not the page.',
      },
    };
  }
  const state = await options.invoke('setup.state', {});
  if (!state.ok) return state;
  const { tenantName } = state.value as { readonly tenantName: string | null };
  const target = await options.chooseTarget(
    studioExportDefaultName(tenantName ?? 'studio', options.today()),
  );
  if (target === undefined) return { ok: true, value: null };
  return options.invoke('studio.export', { target });
}
