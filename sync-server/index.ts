// Entry of the sync server. The HTTP server, the replication protocol and the database
// layer (sync-server/db) land here in later changes.
export const SYNC_SERVER_NAME = 'studio-desk-sync-server';
