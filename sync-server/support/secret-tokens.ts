import { createHash, randomBytes, randomInt } from 'node:crypto';

/** SHA-256 in hex: how device tokens and enrolment codes are stored (R2.1). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A device token: 256 random bits, so its hash alone identifies the device. */
export function newDeviceToken(): string {
  return `sdt_${randomBytes(32).toString('base64url')}`;
}

/** A tenant's PIN pepper: 256 random bits. */
export function newPinPepper(): string {
  return randomBytes(32).toString('base64url');
}

/** Letters and digits a person cannot confuse when reading them off a screen (no 0/O, 1/I/L). */
export const ENROLLMENT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ENROLLMENT_CODE_LENGTH = 10;

/** A one-time enrolment code: 10 symbols of 31, about 49 bits, typed once at the desk. */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLLMENT_CODE_LENGTH; i++) {
    code += ENROLLMENT_CODE_ALPHABET[randomInt(ENROLLMENT_CODE_ALPHABET.length)] ?? '';
  }
  return code;
}

/** What a person may type for a code, in upper or lower case, with spaces or dashes between groups. */
export function normalizeEnrollmentCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}
