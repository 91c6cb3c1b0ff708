import type { DeskBridge } from '../../../src-shared/bridge/desk-bridge';
import type { SavedStudioExport } from '../../../src-shared/protocol/studio-export-messages';

/**
 * The desk's `studio.export` as the export button needs it. In Electron the save dialog
 * already put the archive where the owner chose; in browser mode the desk answers with a
 * one-time address, and the browser downloads the archive from it.
 */
export async function exportStudio(bridge: DeskBridge): Promise<SavedStudioExport | null> {
  const saved = await bridge.invoke('studio.export', {});
  if (saved?.download !== undefined) startDownload(saved.download, saved.path);
  return saved;
}

/** A same-origin link with `download`: the browser saves the answer instead of showing it. */
function startDownload(href: string, name: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}
