import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { runStatements } from '../run-statements';

// Frozen once landed: never edit.

/** The channel a device's revocation or token change is announced on. */
export const DEVICE_CHANNEL = 'studio_devices';

/**
 * Servers keep recently checked device tokens in memory (issue 21: the lookup was a round
 * trip on every request). A revocation or a token change made anywhere (another server
 * process, `serverctl revoke-device`, a rotated token promoted) is announced at its commit,
 * so every process forgets that device's tokens at once.
 */
const announceDeviceChanges = [
  `create function studio_announce_device_change() returns trigger
     language plpgsql
     set search_path = pg_catalog, public, pg_temp
   as $announce$
   begin
     perform pg_notify('${DEVICE_CHANNEL}', json_build_object('deviceId', old.id)::text);
     return null;
   end
   $announce$`,
  `create trigger announce_device_change after update on devices
     for each row when (old.status is distinct from new.status
       or old.token_hash is distinct from new.token_hash)
     execute function studio_announce_device_change()`,
];

export const deviceChangeNotifyMigration: SchemaMigration = {
  name: '20261207120100_device_change_notify',
  up: ({ db }) => runStatements(db, announceDeviceChanges),
};
