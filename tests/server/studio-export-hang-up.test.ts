import { expect, it } from 'vitest';
import { systemClock } from '../../src-shared/time/clock';
import {
  createStudio,
  enrollDesk,
  openMigratedDatabase,
  startServer,
} from './support/server-harness';

/**
 * An owner's download cut off mid-archive (the app closed, the network dropped): the
 * server logs the failed export and stays up; vitest fails the file on the unhandled
 * stream error this once raised. The next export runs whole.
 */
it('an export whose reader hangs up leaves the server serving the next one', async () => {
  const handle = await openMigratedDatabase('pglite');
  const app = await startServer(handle, systemClock);
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const studio = await createStudio(handle.db, systemClock);
    const desk = await enrollDesk(app, handle.db, systemClock, studio.tenantId);
    const exportUrl = `${url}/v1/console/export?actorId=${studio.ownerId}`;
    const headers = { authorization: `Bearer ${desk.token}` };
    const controller = new AbortController();
    const cut = await fetch(exportUrl, { headers, signal: controller.signal });
    expect(cut.status).toBe(200);
    controller.abort();
    // The export is refused as running until the cut one has failed and let go.
    let again: Response | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      again = await fetch(exportUrl, { headers });
      if (again.status !== 409) break;
      await again.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(again?.status).toBe(200);
    const archive = Buffer.from((await again?.arrayBuffer()) ?? new ArrayBuffer(0));
    // A whole gzip stream: its magic bytes, and more than a header.
    expect(archive.subarray(0, 2).toString('hex')).toBe('1f8b');
    expect(archive.length).toBeGreaterThan(200);
  } finally {
    await app.close();
    await handle.dispose();
  }
}, 120_000);
