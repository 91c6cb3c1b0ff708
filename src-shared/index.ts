// Public entry of the code shared by the desk and the sync server.
export type { AppInfo, DeskBridge } from './bridge/desk-bridge';
export { DESK_BRIDGE_KEY, DESK_IPC_CHANNELS } from './bridge/desk-bridge';
