import { createHmac, randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, pinCrypto, toBase64 } from '../../src-shared/auth/pin-crypto';
import {
  DEFAULT_SCRYPT,
  hashPin as hashAtDesk,
  verifyPin as verifyAtDesk,
} from '../../src-shared/auth/pin-hash';
import { hashPin, verifyPin } from '../../sync-server/admin/pin-hash';

/** A hash in the stored format made with node:crypto, as desks and servers made them before. */
function nodeHash(pin: string, pepper: string): string {
  const { N, r, p, keyLength } = DEFAULT_SCRYPT;
  const salt = randomBytes(16);
  const keyed = createHmac('sha256', pepper).update(pin).digest();
  const hash = scryptSync(keyed, salt, keyLength, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

describe('staff PIN hashes', () => {
  it('R2.4 are scrypt over a pepper-keyed PIN that the desk verifies offline', () => {
    const encoded = hashPin('1234', 'pepper-a');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    // The desk checks with the shared function and the shared primitives.
    expect(verifyAtDesk('1234', 'pepper-a', encoded, pinCrypto)).toBe(true);
    expect(verifyAtDesk('1235', 'pepper-a', encoded, pinCrypto)).toBe(false);
    expect(verifyPin('1234', 'pepper-a', encoded)).toBe(true);
    // Without the pepper the hash is useless to a brute force over 10,000 PINs.
    expect(verifyPin('1234', 'pepper-b', encoded)).toBe(false);
    // Salted: the same PIN hashes differently each time.
    expect(hashPin('1234', 'pepper-a')).not.toBe(encoded);
  });

  it('R2.4 never match a malformed or absurd hash', () => {
    for (const encoded of [
      '',
      'bcrypt$xyz',
      'scrypt$32768$8$1$c2FsdA==',
      'scrypt$1000$8$1$c2FsdA==$aGFzaA==',
      `scrypt$${2 ** 30}$8$1$c2FsdA==$${Buffer.alloc(32).toString('base64')}`,
    ]) {
      expect(verifyPin('1234', 'pepper', encoded), encoded).toBe(false);
    }
  });

  it('R2.4 made at the desk verify on the server and the other way round', () => {
    // The desk's path: the shared hash over the shared primitives (as staff-sign-in checks).
    const atDesk = hashAtDesk('4821', 'pepper-c', pinCrypto);
    expect(verifyPin('4821', 'pepper-c', atDesk)).toBe(true);
    expect(verifyPin('4822', 'pepper-c', atDesk)).toBe(false);
    // The server's path (bounds first), checked as the desk checks.
    const onServer = hashPin('90210', 'pepper-c');
    expect(verifyAtDesk('90210', 'pepper-c', onServer, pinCrypto)).toBe(true);
    expect(verifyAtDesk('90211', 'pepper-c', onServer, pinCrypto)).toBe(false);
  });

  it('R2.4 are the same bytes node:crypto makes, so hashes stored before still verify', () => {
    const stored = nodeHash('1234', 'pepper-d');
    expect(verifyAtDesk('1234', 'pepper-d', stored, pinCrypto)).toBe(true);
    expect(verifyPin('1234', 'pepper-d', stored)).toBe(true);
    expect(verifyPin('4321', 'pepper-d', stored)).toBe(false);
    expect(pinCrypto.hmacSha256('pepper', '1234')).toEqual(
      new Uint8Array(createHmac('sha256', 'pepper').update('1234').digest()),
    );
    for (const length of [0, 1, 2, 3, 16, 32, 33]) {
      const bytes = randomBytes(length);
      expect(toBase64(bytes)).toBe(bytes.toString('base64'));
      expect(fromBase64(bytes.toString('base64'))).toEqual(new Uint8Array(bytes));
    }
    expect(fromBase64('not base64!')).toEqual(new Uint8Array(0));
    expect(pinCrypto.timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(pinCrypto.timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(pinCrypto.timingSafeEqual(Uint8Array.of(1), Uint8Array.of(1, 2))).toBe(false);
  });
});
