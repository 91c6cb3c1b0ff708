import { describe, expect, it } from 'vitest';
import { verifyPin as verifyAtDesk } from '../../src-shared/auth/pin-hash';
import { nodePinCrypto } from '../../src-main/desk/node-pin-crypto';
import { hashPin, verifyPin } from '../../sync-server/admin/pin-hash';

describe('staff PIN hashes', () => {
  it('R2.4 are scrypt over a pepper-keyed PIN that the desk verifies offline', () => {
    const encoded = hashPin('1234', 'pepper-a');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    // The desk checks with the shared function and its own node:crypto primitives.
    expect(verifyAtDesk('1234', 'pepper-a', encoded, nodePinCrypto)).toBe(true);
    expect(verifyAtDesk('1235', 'pepper-a', encoded, nodePinCrypto)).toBe(false);
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
});
