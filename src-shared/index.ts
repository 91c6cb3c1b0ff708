// Public entry of the code shared by the desk and the sync server.
export type { DeskBridge, DeskReply } from './bridge/desk-bridge';
export { DESK_BRIDGE_KEY, DESK_IPC_CHANNELS } from './bridge/desk-bridge';
export type { DeskMethod, DeskMethodArgs, DeskMethodResults } from './bridge/desk-methods';
export type { DeskEvent } from './bridge/desk-events';
