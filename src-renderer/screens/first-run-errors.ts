import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';

/**
 * A failure to join a studio as the first-run screen words it. The desk's usual offline
 * wording ("the desk keeps working and syncs when it is back") does not fit here: a desk
 * that has never joined has nothing to keep working on, so staff are told to check the
 * address and the connection and connect again. Other failures pass unchanged.
 */
export function joinProblem(error: unknown, serverUrl: string): unknown {
  if (!(error instanceof DeskBridgeError) || error.code !== 'offline') return error;
  return new DeskBridgeError(
    'setup_unreachable',
    `No studio server answered at ${originOf(serverUrl)}. Check the server address the studio owner gave you and this computer's internet connection, then press Connect again.`,
  );
}

function originOf(serverUrl: string): string {
  try {
    return new URL(serverUrl.trim()).origin;
  } catch {
    return serverUrl.trim();
  }
}
