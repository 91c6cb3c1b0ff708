import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261204080000: never edit; change tables in a later migration.

/**
 * Longest photo a row holds, as data URL characters (ASCII, so bytes too): a 240×240 JPEG
 * the desk makes is 10–25 KB. Kept here, not imported, so the landed migration never changes.
 */
export const MAX_PHOTO_DATA_URL_CHARS = 65_536;
/** The most picture bytes such a data URL can carry: base64 holds 3 bytes in 4 characters. */
export const MAX_PHOTO_BYTES = 49_152;

/**
 * One photo per member of the studio (issue 17 item 3), so the desk sees who is checking
 * in. Apart from tenant_members: a member search or a pull of members never carries pictures.
 */
export const memberPhotos = defineTable({
  name: 'member_photos',
  purpose: 'A small JPEG or PNG of a member, shown on their page and at check-in (issue 17).',
  scope: 'tenant',
  columns: {
    tenant_id: col.id().referencesGlobal('tenants'),
    member_id: col.id().references('tenant_members'),
    // `data:image/jpeg;base64,…` (or png), at most MAX_PHOTO_DATA_URL_CHARS characters.
    data_url: col.text(),
    // The picture's own bytes, decoded from the data URL.
    byte_size: col.integer(),
    updated_at: col.timestamp(),
  },
  primaryKey: ['member_id'],
});
