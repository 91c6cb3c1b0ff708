import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What a desk learned when it enrolled. Kept in a file beside the database, not in it: the
 * PIN pepper must not sit next to the PIN hashes it protects, and an exported or copied
 * database then carries no credentials.
 */
export const deviceIdentitySchema = z.strictObject({
  serverUrl: z.url(),
  deviceId: z.uuid(),
  deviceName: z.string(),
  deviceToken: z.string().min(1),
  tenantId: z.uuid(),
  tenantName: z.string(),
  pinPepper: z.string().min(1),
});
export type DeviceIdentity = z.infer<typeof deviceIdentitySchema>;

const FILE_NAME = 'device.json';

export function readDeviceIdentity(dataDir: string): DeviceIdentity | undefined {
  const file = join(dataDir, FILE_NAME);
  if (!existsSync(file)) return undefined;
  const parsed = deviceIdentitySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is damaged: ${parsed.error.message}`);
  return parsed.data;
}

/** Writes atomically (temp file + rename) and readable by this user only. */
export function writeDeviceIdentity(dataDir: string, identity: DeviceIdentity): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, FILE_NAME);
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
