import {
  PROTOCOL_UNSUPPORTED,
  PROTOCOL_VERSION,
  UNVERSIONED_PUSH_PROTOCOL,
} from '../../src-shared/protocol/sync-messages';
import { ServiceError } from '../support/service-error';

/** The protocol versions whose pushes a server runs as they are (R3.9). */
export interface ProtocolVersions {
  readonly oldest: number;
  readonly newest: number;
}

/**
 * This server's: its own version and every older one whose mutations it still runs with the
 * same meaning. Raise `oldest` when a mutation's arguments change incompatibly or a mutation
 * is removed: older desks are then told to update instead of having changes refused.
 */
export const SUPPORTED_PROTOCOL_VERSIONS: ProtocolVersions = {
  oldest: UNVERSIONED_PUSH_PROTOCOL,
  newest: PROTOCOL_VERSION,
};

/** The version a push body names; undefined when it names none the protocol allows. */
function declaredVersion(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  if (!('protocolVersion' in body)) return UNVERSIONED_PUSH_PROTOCOL;
  const version = body.protocolVersion;
  return Number.isSafeInteger(version) && typeof version === 'number' && version > 0
    ? version
    : undefined;
}

/**
 * Refuses a push whose protocol this server does not speak, before its body is read any
 * further (its shape may be another version's): `426 protocol_unsupported`, changing
 * nothing, with only `error` and `message` so a desk of any version can show why. The desk
 * keeps every change pending until one of the two is updated; nothing is refused one by one
 * and undone. A body naming no valid version is left to the strict schema to refuse.
 */
export function assertPushProtocol(body: unknown, supported: ProtocolVersions): void {
  const version = declaredVersion(body);
  if (version === undefined) return;
  if (version < supported.oldest) {
    throw new ServiceError(
      426,
      PROTOCOL_UNSUPPORTED,
      `This desk app speaks sync protocol version ${version}; the studio's server now needs ` +
        `version ${supported.oldest} or newer. Update the desk app to sync: its changes are ` +
        'kept on this desk, unsent, until then.',
    );
  }
  if (version > supported.newest) {
    throw new ServiceError(
      426,
      PROTOCOL_UNSUPPORTED,
      `This desk app speaks sync protocol version ${version}, newer than the studio's server ` +
        `(version ${supported.newest} at most). Update the server to sync: the desk's changes ` +
        'are kept on it, unsent, until then.',
    );
  }
}
