/**
 * The one contract between the sandboxed renderer and the privileged side of the desk app.
 *
 * The preload exposes an object that `satisfies DeskBridge` on `window[DESK_BRIDGE_KEY]`;
 * the renderer sees nothing else of Electron or Node. Every method crosses IPC, so
 * arguments and results must be structured-cloneable plain data.
 */
export interface DeskBridge {
  /** Versions of the running app, for the status bar and support diagnostics. */
  appInfo(): Promise<AppInfo>;
}

/** What the desk app reports about itself. */
export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** Node's `process.platform` of the desk computer, e.g. `linux`, `win32`, `darwin`. */
  readonly platform: string;
  readonly electronVersion: string;
  readonly chromeVersion: string;
}

/** The global name under which the preload exposes the bridge in the renderer. */
export const DESK_BRIDGE_KEY = 'studioDesk';

/**
 * IPC channel names, one per bridge method. Main and preload both import these so a
 * channel is never a bare string typed twice.
 */
export const DESK_IPC_CHANNELS = {
  appInfo: 'studio-desk:app-info',
} as const satisfies Record<keyof DeskBridge, string>;

/**
 * Checks a value that crossed IPC before it is trusted as an {@link AppInfo}: the two
 * processes are built together, but a process boundary is still a boundary.
 */
export function isAppInfo(value: unknown): value is AppInfo {
  if (typeof value !== 'object' || value === null) return false;
  const fields: readonly (keyof AppInfo)[] = [
    'name',
    'version',
    'platform',
    'electronVersion',
    'chromeVersion',
  ];
  return fields.every((field) => typeof Reflect.get(value, field) === 'string');
}
