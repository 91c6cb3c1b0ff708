import { describe, expect, it } from 'vitest';
import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import { exportStudioWithSaveDialog, type StudioExportSaveOptions } from './studio-export-save';

/** The desk process as main sees it: answers recorded, studio.export echoing its target. */
function fakeDesk(tenantName: string | null) {
  const calls: [string, unknown][] = [];
  const invoke: StudioExportSaveOptions['invoke'] = (method, args) => {
    calls.push([method, args]);
    const value =
      method === 'setup.state'
        ? { enrolled: tenantName !== null, tenantName }
        : { path: (args as { target: string }).target, bytes: 2048 };
    return Promise.resolve({ ok: true, value } satisfies DeskReply);
  };
  return { calls, invoke };
}

describe('studio.export in Electron (issue 19): the save dialog, then the desk process', () => {
  it('suggests the studio’s name and today, and saves where the owner chose', async () => {
    const desk = fakeDesk('Sunrise Yoga & Café');
    const offered: string[] = [];
    const reply = await exportStudioWithSaveDialog(
      {
        invoke: desk.invoke,
        chooseTarget: (name) => {
          offered.push(name);
          return Promise.resolve('/home/owner/Downloads/sunrise.tar.gz');
        },
        today: () => '2026-12-04',
      },
      {},
    );
    expect(offered).toEqual(['Sunrise-Yoga-Cafe-export-2026-12-04.tar.gz']);
    expect(reply).toEqual({
      ok: true,
      value: { path: '/home/owner/Downloads/sunrise.tar.gz', bytes: 2048 },
    });
    expect(desk.calls).toEqual([
      ['setup.state', {}],
      ['studio.export', { target: '/home/owner/Downloads/sunrise.tar.gz' }],
    ]);
  });

  it('answers null when the owner cancels, without asking the desk to export', async () => {
    const desk = fakeDesk('Sunrise Yoga');
    const reply = await exportStudioWithSaveDialog(
      { invoke: desk.invoke, chooseTarget: () => Promise.resolve(undefined), today: () => 'x' },
      {},
    );
    expect(reply).toEqual({ ok: true, value: null });
    expect(desk.calls.map(([method]) => method)).toEqual(['setup.state']);
  });

  it('refuses a path named by the page, before any dialog or desk call', async () => {
    const desk = fakeDesk('Sunrise Yoga');
    let dialogs = 0;
    const reply = await exportStudioWithSaveDialog(
      {
        invoke: desk.invoke,
        chooseTarget: () => {
          dialogs++;
          return Promise.resolve('/tmp/x.tar.gz');
        },
        today: () => '2026-12-04',
      },
      { target: '/home/owner/.bashrc' },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(dialogs).toBe(0);
    expect(desk.calls).toEqual([]);
  });
});
