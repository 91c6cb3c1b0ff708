import { sha1 } from '@noble/hashes/legacy';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A name-based UUID (RFC 9562, version 5): the same namespace and name always give the same
 * id. Used where two sides must create one row without having talked, such as a class
 * series' occurrence materialised by a desk and by the server (PROTOCOL.md R11.1). SHA-1 is
 * what the RFC names for v5; nothing here relies on it resisting collisions by an attacker,
 * since every name is built from ids the studio already holds.
 */
export function uuidV5(namespace: string, name: string): string {
  if (!UUID.test(namespace))
    throw new RangeError(`uuidV5 needs a UUID namespace, got ${namespace}`);
  const space = Uint8Array.from(namespace.replaceAll('-', '').match(/../g) ?? [], (pair) =>
    Number.parseInt(pair, 16),
  );
  const named = utf8ToBytes(name);
  const input = new Uint8Array(space.length + named.length);
  input.set(space, 0);
  input.set(named, space.length);
  const bytes = sha1(input).slice(0, 16);
  bytes[6] = 0x50 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const h = bytesToHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
