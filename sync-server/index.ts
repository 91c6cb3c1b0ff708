// Entry of the sync server: the HTTP API (docs/PROTOCOL.md), its database and the admin
// services the CLI (sync-server/cli/serverctl.ts) and tests use.
export const SYNC_SERVER_NAME = 'studio-desk-sync-server';

export { createSyncServer, type SyncServerOptions } from './http/create-sync-server';
export { openServerDatabase } from './db/open-server-database';
export { migrateServerDatabase } from './db/migrate-server-database';
export { assertServerSchemaReady } from './db/schema-readiness';
export { createTenant, findTenantIdBySlug } from './admin/tenant-admin';
export { addStaff } from './admin/staff-admin';
export { createEnrollmentCode, listDevices, revokeDevice } from './admin/device-admin';
export { createDemoTenant } from './admin/demo-admin';
export { hashPin, verifyPin } from './admin/pin-hash';
export type { Clock } from '../src-shared/time/clock';
