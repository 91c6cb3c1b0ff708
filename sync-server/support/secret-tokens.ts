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

export const SETUP_CODE_LENGTH = 16;

/**
 * A one-time setup code (issue 16): 16 symbols of the same alphabet, about 79 bits, shown in
 * groups of four. It creates a studio without any sign-in and lives a day, so it is longer
 * than an enrolment code; it is normalised like one.
 */
export function newSetupCode(): string {
  let code = '';
  for (let i = 0; i < SETUP_CODE_LENGTH; i++) {
    if (i > 0 && i % 4 === 0) code += '-';
    code += ENROLLMENT_CODE_ALPHABET[randomInt(ENROLLMENT_CODE_ALPHABET.length)] ?? '';
  }
  return code;
}
