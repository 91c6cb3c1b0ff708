import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_HTTP, type DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { systemClock } from '../../src-shared/time/clock';
import { startBrowserDesk, type BrowserDesk } from '../../src-main/loopback/browser-mode';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  TEST_PIN_COST,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';

/** Every file of a .tar.gz by name. */
async function readArchive(bytes: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  const read = pipeline(Readable.from([bytes]), createGunzip(), reader);
  for await (const entry of reader) {
    files.set(entry.header.name, await buffer(entry));
  }
  await read;
  return files;
}

function jsonLines(file: Buffer | undefined): Record<string, unknown>[] {
  return (file?.toString() ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The temporary folders browser mode keeps archives in until the page downloads them. */
const waitingArchives = () =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('studio-desk-export-'));

/**
 * "Export all studio data" (issue 19) through the desk host, against a real server on
 * Postgres: an owner gets the studio's archive where the shell said, and in browser mode
 * once from a one-time loopback address; anyone else, a path from the page, or a server
 * that cannot be reached gets a clear refusal and no file.
 */
describe('the desk host exports the whole studio for its owner', () => {
  let root: string;
  let saves: string;
  let handle: TestDatabaseHandle;
  let app: FastifyInstance;
  let desk: BrowserDesk;
  let studio: TestStudio;
  const staff = { manager: '', frontDesk: '' };
  let annId: string;

  async function ok<M extends keyof DeskMethodResults>(
    method: M,
    args: unknown = {},
  ): Promise<DeskMethodResults[M]> {
    const reply = await desk.host.invoke(method, args);
    if (!reply.ok) throw new Error(`${method} refused: ${reply.error.code} ${reply.error.message}`);
    return reply.value as DeskMethodResults[M];
  }
  async function signIn(memberId: string, pin: string) {
    await ok('staff.signOut');
    await ok('staff.signIn', { memberId, pin });
  }
  /** A call as the page makes it: over loopback, with the launch's secret. */
  async function pageCall(method: string, args: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${desk.origin}${DESK_HTTP.invokePath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [DESK_HTTP.secretHeader]: desk.secret,
        ...headers,
      },
      body: JSON.stringify({ method, args }),
    });
    return { status: response.status, reply: (await response.json()) as DeskReply };
  }
  const startDesk = () =>
    startBrowserDesk({
      dataDir: join(root, 'desk'),
      rendererDir: join(root, 'renderer'),
      maxBackoffMs: 200,
      log: () => undefined,
    });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'desk-studio-export-'));
    saves = join(root, 'saves');
    mkdirSync(saves);
    mkdirSync(join(root, 'renderer'));
    writeFileSync(
      join(root, 'renderer', 'index.html'),
      '<!doctype html><title>Studio Desk</title>',
    );
    handle = await openMigratedDatabase('postgres');
    app = await startServer(handle, systemClock);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    studio = await createStudio(handle.db, systemClock, 'Sunrise Yoga');
    for (const [key, role] of [
      ['manager', 'manager'],
      ['frontDesk', 'front_desk'],
    ] as const) {
      staff[key] = (
        await addStaff(
          { db: handle.db, clock: systemClock },
          {
            tenantId: studio.tenantId,
            email: `${key}-${studio.slug}@example.com`,
            firstName: key,
            lastName: 'Staff',
            role,
            pin: '2468',
          },
          TEST_PIN_COST,
        )
      ).memberId;
    }
    const { code } = await createEnrollmentCode(
      { db: handle.db, clock: systemClock },
      { tenantId: studio.tenantId },
    );
    desk = await startDesk();
    await ok('setup.connect', { serverUrl: url, code, deviceName: 'Export desk' });
    await signIn(studio.ownerId, '1234');
    const created = await ok('desk.mutate', {
      name: 'member.create',
      args: { firstName: 'Ann', lastName: 'Export' },
    });
    annId = (created.result as { memberId: string }).memberId;
    expect((await ok('sync.now')).pending).toBe(0);
  });

  afterAll(async () => {
    await desk.close();
    await app.close();
    await handle.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('saves the studio’s tables, with the member made at this desk, where the shell says', async () => {
    const target = join(saves, 'owner.tar.gz');
    const saved = await ok('studio.export', { target });
    expect(saved).toEqual({ path: target, bytes: readFileSync(target).length });
    const files = await readArchive(readFileSync(target));
    const manifest = JSON.parse(files.get('manifest.json')?.toString() ?? '{}') as {
      studio: { id: string; name: string };
      tables: { name: string; rows: number }[];
    };
    expect(manifest.studio).toMatchObject({ id: studio.tenantId, name: 'Sunrise Yoga' });
    const members = jsonLines(files.get('tenant_members.jsonl'));
    expect(members.map((m) => m['id'])).toEqual(
      expect.arrayContaining([studio.ownerId, staff.manager, staff.frontDesk, annId]),
    );
    expect(members).toHaveLength(4);
    expect(members.every((m) => m['tenant_id'] === studio.tenantId)).toBe(true);
    expect(manifest.tables.find((t) => t.name === 'tenant_members')?.rows).toBe(4);
    expect(files.has('tenant_members.csv')).toBe(true);
    expect(readdirSync(saves)).toEqual(['owner.tar.gz']);
  });

  it('says plainly when the archive cannot be saved where the owner chose', async () => {
    const target = join(saves, 'no-such-folder', 'owner.tar.gz');
    const reply = await desk.host.invoke('studio.export', { target });
    expect(reply).toMatchObject({ ok: false, error: { code: 'cannot_save' } });
    if (reply.ok) return;
    expect(reply.error.message).toMatch(
      /^The studio's data was not saved: cannot save the export to .*no-such-folder.*Choose another folder/,
    );
    expect(readdirSync(saves)).toEqual(['owner.tar.gz']);
  });

  it('in browser mode, hands the page a one-time download of the archive', async () => {
    const before = waitingArchives().length;
    const { status, reply } = await pageCall('studio.export', {});
    expect(status).toBe(200);
    if (!reply.ok) throw new Error(reply.error.message);
    const value = reply.value as DeskMethodResults['studio.export'];
    expect(value?.path).toMatch(/^Sunrise-Yoga-export-\d{4}-\d\d-\d\d\.tar\.gz$/);
    expect(value?.download).toMatch(/^\/bridge\/studio-export\/[\w-]{43}$/);
    const address = `${desk.origin}${value?.download ?? ''}`;

    // Another page's request is refused and leaves the download for the desk's own page.
    const foreign = await fetch(address, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect((await fetch(address, { method: 'POST' })).status).toBe(405);

    const download = await fetch(address);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/gzip');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${value?.path ?? ''}"`,
    );
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(value?.bytes);
    const files = await readArchive(bytes);
    expect(jsonLines(files.get('tenant_members.jsonl')).map((m) => m['id'])).toContain(annId);

    const again = await fetch(address);
    expect(again.status).toBe(404);
    expect(((await again.json()) as DeskReply).ok).toBe(false);
    expect((await fetch(`${desk.origin}/bridge/studio-export/${'x'.repeat(43)}`)).status).toBe(404);
    expect(waitingArchives()).toHaveLength(before);
  });

  it('refuses a path chosen by the page, or none at the desk core, writing nothing', async () => {
    const chosen = join(saves, 'from-page.tar.gz');
    const fromPage = await pageCall('studio.export', { target: chosen });
    expect(fromPage.status).toBe(400);
    expect(fromPage.reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    for (const args of [
      {},
      { target: 'relative/owner.tar.gz' },
      { target: `${saves}/../escape.tar.gz` },
      { target: `${saves}/bell\u0007.tar.gz` },
      { target: join(saves, 'x.tar.gz'), extra: true },
    ]) {
      const reply = await desk.host.invoke('studio.export', args);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(existsSync(chosen)).toBe(false);
    expect(readdirSync(saves)).toEqual(['owner.tar.gz']);
  });

  it('refuses a manager and front-desk staff with a clear error, writing nothing', async () => {
    const before = waitingArchives().length;
    for (const memberId of [staff.manager, staff.frontDesk]) {
      await signIn(memberId, '2468');
      const target = join(saves, `${memberId}.tar.gz`);
      const reply = await desk.host.invoke('studio.export', { target });
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Only owner staff may export all studio data; ask the studio owner.',
        },
      });
      const fromPage = await pageCall('studio.export', {});
      expect(fromPage.status).toBe(403);
      expect(fromPage.reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(readdirSync(saves)).toEqual(['owner.tar.gz']);
    expect(waitingArchives()).toHaveLength(before);
    await ok('staff.signOut');
    expect(
      await desk.host.invoke('studio.export', { target: join(saves, 'locked.tar.gz') }),
    ).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('says the server cannot be reached when it is down, writing nothing', async () => {
    await desk.close();
    await app.close();
    desk = await startDesk();
    await signIn(studio.ownerId, '1234');
    const target = join(saves, 'offline.tar.gz');
    const reply = await desk.host.invoke('studio.export', { target });
    expect(reply).toMatchObject({ ok: false, error: { code: 'offline' } });
    if (reply.ok) return;
    expect(reply.error.message).toMatch(/The studio's server cannot be reached/);
    const fromPage = await pageCall('studio.export', {});
    expect(fromPage.status).toBe(503);
    expect(readdirSync(saves)).toEqual(['owner.tar.gz']);
  });
});
