import { describe, expect, it } from 'vitest';
import { MAX_MEMBER_PHOTO_CHARS } from '../../src-shared/mutations/member-photo-limits';
import { bandedPng, dataUrlOf, jpegLike } from '../support/member-photo-pictures';
import {
  BACKENDS,
  minutesAfterNow,
  NOW,
  newCallId,
  resultOf,
  seededIds,
  useSeededStudio,
} from './front-desk-harness';

interface Photo {
  readonly memberId: string;
  readonly dataUrl: string;
  readonly byteSize: number;
  readonly updatedAt: string;
}

const JPEG = dataUrlOf('image/jpeg', jpegLike(1500));
const PNG = dataUrlOf('image/png', bandedPng(24, 16));

/** Issue 17 item 3: a member's photo, so the desk sees who is checking in. */
describe.each(BACKENDS)('member photos on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const photo = (memberId = studio.memberId) =>
    studio.query<Photo | null>('member.photo', { memberId });
  /** Every photo row and audit entry of the studio: equal before and after a refusal. */
  const footprint = async () => ({
    photos: await studio.db
      .selectFrom('member_photos')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .orderBy('member_id')
      .execute(),
    audit: await studio.db
      .selectFrom('audit_logs')
      .select('id')
      .where('tenant_id', '=', studio.tenantId)
      .execute(),
  });

  it('issue 17 item 3: sets a photo, reads it back, and replaces it with the next one', async () => {
    expect(await photo()).toBeNull();
    const set = await studio.run('member.setPhoto', { memberId: studio.memberId, dataUrl: JPEG });
    expect(resultOf(set)).toEqual({ memberId: studio.memberId, byteSize: 1500, updatedAt: NOW });
    expect(await photo()).toEqual({
      memberId: studio.memberId,
      dataUrl: JPEG,
      byteSize: 1500,
      updatedAt: NOW,
    });

    const later = minutesAfterNow(5);
    await studio.run('member.setPhoto', { memberId: studio.memberId, dataUrl: PNG }, { at: later });
    const replaced = await photo();
    expect(replaced).toMatchObject({ dataUrl: PNG, updatedAt: later });
    expect(replaced?.byteSize).toBe(bandedPng(24, 16).length);
    // One row per member, and none for anyone else.
    expect((await footprint()).photos.map((p) => p.member_id)).toEqual([studio.memberId]);
    expect(await photo(studio.otherMemberId)).toBeNull();
  });

  it('issue 17 item 3: removes a photo; removing none leaves everything as it was', async () => {
    await studio.run('member.setPhoto', { memberId: studio.memberId, dataUrl: JPEG });
    const removed = await studio.run('member.removePhoto', { memberId: studio.memberId });
    expect(resultOf(removed)).toEqual({ memberId: studio.memberId, removed: true });
    expect(await photo()).toBeNull();
    const again = await studio.run('member.removePhoto', { memberId: studio.memberId });
    expect(resultOf(again)).toEqual({ memberId: studio.memberId, removed: false });
  });

  it('R10.1 audits who set and removed a photo, with its size and never the picture', async () => {
    await studio.run('member.setPhoto', { memberId: studio.memberId, dataUrl: JPEG });
    await studio.run(
      'member.removePhoto',
      { memberId: studio.memberId },
      { as: 'manager', at: minutesAfterNow(5) },
    );
    const entries = await studio.db
      .selectFrom('audit_logs')
      .select(['action', 'actor_id', 'target_id', 'details'])
      .where('tenant_id', '=', studio.tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => [e.action, e.actor_id, e.target_id])).toEqual([
      ['member.setPhoto', studio.staff.frontDesk, studio.memberId],
      ['member.removePhoto', studio.staff.manager, studio.memberId],
    ]);
    expect(entries.map((e) => JSON.parse(e.details) as unknown)).toEqual([
      { memberId: studio.memberId, byteSize: 1500 },
      { memberId: studio.memberId, removed: true },
    ]);
  });

  const badPictures: [string, string, RegExp][] = [
    ['text sent as a picture', 'data:text/plain;base64,aGVsbG8=', /JPEG or PNG picture/],
    ['a GIF', dataUrlOf('image/gif', Buffer.from('GIF89a....')), /JPEG or PNG picture/],
    ['a PNG labelled as a JPEG', dataUrlOf('image/jpeg', bandedPng(4, 4)), /is not the JPEG/],
    ['text labelled as a JPEG', dataUrlOf('image/jpeg', Buffer.from('not a picture')), /is not/],
    ['broken base64', 'data:image/jpeg;base64,/9j/4A*=', /JPEG or PNG picture/],
    ['no picture at all', 'data:image/jpeg;base64,', /JPEG or PNG picture/],
    ['a file name instead of a picture', 'C:\\Photos\\maya.jpg', /JPEG or PNG picture/],
    [
      'a photo over the size limit',
      dataUrlOf('image/jpeg', jpegLike(Math.ceil((MAX_MEMBER_PHOTO_CHARS * 3) / 4))),
      /too large/,
    ],
  ];
  it.each(badPictures)('refuses %s, changing nothing', async (_what, dataUrl, words) => {
    await studio.run('member.setPhoto', { memberId: studio.memberId, dataUrl: JPEG });
    const before = await footprint();
    await expect(
      studio.run('member.setPhoto', { memberId: studio.memberId, dataUrl }),
    ).rejects.toThrow(words);
    expect(await studio.refused('member.setPhoto', { memberId: studio.memberId, dataUrl })).toBe(
      'invalid',
    );
    expect(await footprint()).toEqual(before);
  });

  it('refuses a member who is not in this studio, and unknown fields, changing nothing', async () => {
    const before = await footprint();
    const stranger = seededIds(99)();
    expect(await studio.refused('member.setPhoto', { memberId: stranger, dataUrl: JPEG })).toBe(
      'not_found',
    );
    expect(await studio.refused('member.removePhoto', { memberId: stranger })).toBe('not_found');
    expect(
      await studio.refused('member.setPhoto', {
        memberId: studio.memberId,
        dataUrl: JPEG,
        byteSize: 1,
      }),
    ).toBe('invalid');
    expect(await studio.refused('member.setPhoto', { memberId: 'maya', dataUrl: JPEG })).toBe(
      'invalid',
    );
    expect(await footprint()).toEqual(before);
  });

  it('refuses an instructor, who may not change a member, at the desk and at the server', async () => {
    await studio.run('member.setPhoto', { memberId: studio.memberId, dataUrl: JPEG });
    const before = await footprint();
    for (const side of ['desk', 'server'] as const) {
      expect(
        await studio.refused(
          'member.setPhoto',
          { memberId: studio.memberId, dataUrl: PNG },
          { as: 'instructor', side },
        ),
      ).toBe('forbidden');
      expect(
        await studio.refused(
          'member.removePhoto',
          { memberId: studio.memberId },
          { as: 'instructor', side },
        ),
      ).toBe('forbidden');
    }
    expect(await footprint()).toEqual(before);
  });

  it('R1.4 the server re-running a desk call writes the same row and audit entry', async () => {
    const callId = newCallId();
    const args = { memberId: studio.memberId, dataUrl: JPEG };
    await studio.run('member.setPhoto', args, { callId });
    const atDesk = await footprint();
    await studio.db.deleteFrom('member_photos').where('tenant_id', '=', studio.tenantId).execute();
    await studio.db.deleteFrom('audit_logs').where('tenant_id', '=', studio.tenantId).execute();
    await studio.run('member.setPhoto', args, { callId, side: 'server' });
    const atServer = await footprint();
    expect(atServer.photos).toEqual(atDesk.photos);
    expect(atServer.audit).toEqual(atDesk.audit);
  });

  it('keeps the bounds in the table itself: an oversized or non-picture row is refused', async () => {
    const row = {
      tenant_id: studio.tenantId,
      member_id: studio.memberId,
      data_url: JPEG,
      byte_size: 1500,
      updated_at: NOW,
    };
    const insert = (change: Partial<typeof row>) =>
      studio.db
        .insertInto('member_photos')
        .values({ ...row, ...change })
        .execute();
    await expect(
      insert({ data_url: `${JPEG}${'A'.repeat(MAX_MEMBER_PHOTO_CHARS)}` }),
    ).rejects.toThrow(/bound_member_photos_data_url/);
    await expect(insert({ data_url: 'hello' })).rejects.toThrow(/bound_member_photos_data_url/);
    await expect(insert({ byte_size: 0 })).rejects.toThrow(/bound_member_photos_byte_size/);
    await expect(insert({ byte_size: 70_000 })).rejects.toThrow(/bound_member_photos_byte_size/);
    expect((await footprint()).photos).toEqual([]);
    await insert({});
    expect(await photo()).toMatchObject({ byteSize: 1500 });
  });
});
